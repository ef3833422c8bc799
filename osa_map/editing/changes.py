"""What changed between two versions of a file: rows added, removed and changed, cell by cell, and
a unified diff as git would show it.

For the change log (which records the first few changes, not whole files), the editor's preview
before a save, and the diff shown when a save is refused because the file changed on disk.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from osa_map.data.reading import parse_csv
from osa_map.data.schema import Problem

MAX_CHANGES_DESCRIBED = 12  # the log says what changed without copying whole files into it


@dataclass(frozen=True)
class Change:
    """What one save did to a file, row by row, for the change log and the editor's preview."""

    added: int
    removed: int
    changed: int
    details: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        return f"{self.added} row(s) added, {self.removed} removed, {self.changed} changed"


def describe_change(old: bytes, new: bytes, name: str) -> Change:
    """Rows added, removed and changed between two versions of a file, with the first few named."""
    old_rows, new_rows = file_records(old, name), file_records(new, name)
    header = new_rows[0] if new_rows else (old_rows[0] if old_rows else [])
    added = removed = changed = 0
    details: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_rows[1:], b=new_rows[1:], autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(a_end - a_start, b_end - b_start) if tag == "replace" else 0
        for offset in range(paired):
            changed += 1
            before, after = old_rows[1 + a_start + offset], new_rows[1 + b_start + offset]
            cells = [
                f'{column}: "{_cell(before, i)}" -> "{_cell(after, i)}"'
                for i, column in enumerate(header)
                if _cell(before, i) != _cell(after, i)
            ]
            details.append(f"row {b_start + offset + 2} ({_row_label(after)}) changed: " + "; ".join(cells))
        for index in range(a_start + paired, a_end):
            removed += 1
            details.append(f"row {index + 2} ({_row_label(old_rows[1 + index])}) removed")
        for index in range(b_start + paired, b_end):
            added += 1
            details.append(f"row {index + 2} ({_row_label(new_rows[1 + index])}) added")
    if len(details) > MAX_CHANGES_DESCRIBED:
        details = [*details[:MAX_CHANGES_DESCRIBED], f"... and {len(details) - MAX_CHANGES_DESCRIBED} more"]
    return Change(added, removed, changed, tuple(details))


def file_records(data: bytes, name: str) -> list[tuple[str, ...]]:
    """The file's cells exactly as it holds them: Excel's 2023/8/30 is not the 2023-08-30 a save writes."""
    problems: list[Problem] = []
    frame = parse_csv(name, data, problems, normalise_dates=False) if data else None
    if frame is None:
        return []
    return [tuple(frame.columns), *(tuple(row) for row in frame.astype(str).itertuples(index=False))]


def _cell(row: tuple[str, ...], index: int) -> str:
    return row[index] if index < len(row) else ""


def _row_label(row: tuple[str, ...]) -> str:
    return " ".join(cell for cell in row[:3] if cell)[:60]


def text_diff(old: bytes, new: bytes, name: str, labels: tuple[str, str] = ("as you opened it", "on disk now")) -> str:
    """A unified diff of two versions of a file, as git would show it."""
    lines = difflib.unified_diff(
        _as_text(old).splitlines(),
        _as_text(new).splitlines(),
        fromfile=f"{name} ({labels[0]})",
        tofile=f"{name} ({labels[1]})",
        lineterm="",
    )
    return "\n".join(lines) or "(the files differ only in line endings or encoding)"


def _as_text(data: bytes) -> str:
    """Bytes as the reader accepts them (UTF-8, UTF-16 with a byte-order mark, Shift-JIS), for a readable diff."""
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp932")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")
