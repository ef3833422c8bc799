"""What changed between two versions of a file: rows added, removed and changed, cell by cell, and
a unified diff as git would show it.

For the change log (which records the first few changes, not whole files, in English), the
editor's preview before a save, and the diff shown when a save is refused because the file
changed on disk. Both are values put into words only when a language is known (`lang`), so the
Edit page speaks the editor's language and the log stays one language.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from osa_map.data.reading import parse_csv
from osa_map.data.schema import Phrase, Problem
from osa_map.i18n import Language, t

MAX_CHANGES_DESCRIBED = 12  # the log says what changed without copying whole files into it


@dataclass(frozen=True)
class RowChange:
    """One row added, removed or changed: its spreadsheet row, its first cells, and for a changed
    row each cell that differs as (column, before, after)."""

    kind: Literal["added", "removed", "changed"]
    row: int
    label: str  # "PHL Philippines 2023-11-03": enough to find the row
    cells: tuple[tuple[str, str, str], ...] = ()

    def text(self, lang: Language = "en") -> str:
        """'row 2 (PHL Philippines 2023-11-03) changed: status: "agreed" -> "delivered"' in `lang`."""
        if self.kind == "added":
            return t("editing.row_added", lang, row=self.row, label=self.label)
        if self.kind == "removed":
            return t("editing.row_removed", lang, row=self.row, label=self.label)
        cells = t("editing.cell_separator", lang).join(
            t("editing.cell", lang, column=column, before=before, after=after) for column, before, after in self.cells
        )
        return t("editing.row_changed", lang, row=self.row, label=self.label, cells=cells)


@dataclass(frozen=True)
class Change:
    """What one save did to a file, row by row, for the change log and the editor's preview."""

    added: int
    removed: int
    changed: int
    rows: tuple[RowChange, ...]  # the first MAX_CHANGES_DESCRIBED of them
    unlisted: int = 0  # how many more rows changed than `rows` names

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self, lang: Language = "en") -> str:
        """'0 row(s) added, 0 removed, 1 changed' in `lang`."""
        return t("editing.summary", lang, added=self.added, removed=self.removed, changed=self.changed)

    def detail_lines(self, lang: Language = "en") -> tuple[str, ...]:
        """A line per row named, then how many more there are, in `lang`."""
        more = (t("editing.more", lang, count=self.unlisted),) if self.unlisted else ()
        return tuple(row.text(lang) for row in self.rows) + more


def describe_change(old: bytes, new: bytes, name: str) -> Change:
    """Rows added, removed and changed between two versions of a file, with the first few named."""
    old_rows, new_rows = file_records(old, name), file_records(new, name)
    header = new_rows[0] if new_rows else (old_rows[0] if old_rows else [])
    added = removed = changed = 0
    rows: list[RowChange] = []
    matcher = difflib.SequenceMatcher(a=old_rows[1:], b=new_rows[1:], autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(a_end - a_start, b_end - b_start) if tag == "replace" else 0
        for offset in range(paired):
            changed += 1
            before, after = old_rows[1 + a_start + offset], new_rows[1 + b_start + offset]
            cells = tuple(
                (column, _cell(before, i), _cell(after, i))
                for i, column in enumerate(header)
                if _cell(before, i) != _cell(after, i)
            )
            rows.append(RowChange("changed", b_start + offset + 2, _row_label(after), cells))
        for index in range(a_start + paired, a_end):
            removed += 1
            rows.append(RowChange("removed", index + 2, _row_label(old_rows[1 + index])))
        for index in range(b_start + paired, b_end):
            added += 1
            rows.append(RowChange("added", index + 2, _row_label(new_rows[1 + index])))
    unlisted = max(len(rows) - MAX_CHANGES_DESCRIBED, 0)
    return Change(added, removed, changed, tuple(rows[:MAX_CHANGES_DESCRIBED]), unlisted)


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


@dataclass(frozen=True)
class FileDiff:
    """Two versions of a file, shown as a unified diff as git would show it; the headers name each
    version ('recipients.csv (as you opened it)') in the reader's language."""

    old: bytes
    new: bytes
    old_side: Phrase
    new_side: Phrase

    def text(self, lang: Language = "en") -> str:
        lines = difflib.unified_diff(
            _as_text(self.old).splitlines(),
            _as_text(self.new).splitlines(),
            fromfile=self.old_side.text(lang),
            tofile=self.new_side.text(lang),
            lineterm="",
        )
        return "\n".join(lines) or t("editing.diff_line_ends", lang)


def _as_text(data: bytes) -> str:
    """Bytes as the reader accepts them (UTF-8, UTF-16 with a byte-order mark, Shift-JIS), for a readable diff."""
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp932")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")
