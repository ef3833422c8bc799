"""Saving editors' changes so that nothing is ever lost: history, a change log, conflicts.

- A save replaces the file in one step (data.files.atomic_write_bytes): a crash leaves the old
  file or the new one, never a torn one.
- Every version that is replaced or written is kept under `data/history/` as
  `recipients.20261124T010203123456Z.3f2a9c1b.csv`, and `data/history/changes.jsonl` gets one
  line per save or restore: when, who, which file, and what changed.
- A save carries the hash of the file as the editor loaded it. If the file on disk has changed
  since (another editor saved, or someone edited it in Excel), the save is refused with a diff
  instead of silently overwriting their work.
- Saves are serialised by a lock file (data.files.exclusive_lock), so two editors saving at the
  same moment cannot both pass the check.

History is kept out of git (.gitignore): it is this machine's undo; git, with reviewed commits,
is the project's record. No streamlit here: pages/editor.py only draws what this returns.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import pandas as pd

from osa_map.data.dataset import build_dataset, read_data_files
from osa_map.data.files import append_line, atomic_write_bytes, edit_lock
from osa_map.data.reading import parse_csv
from osa_map.data.schema import PACKAGES_FILE, RECIPIENTS_FILE, DataError, Problem

EDITABLE_FILES = (RECIPIENTS_FILE, PACKAGES_FILE)
HISTORY_DIRNAME = "history"
CHANGE_LOG_NAME = "changes.jsonl"
PASSWORD_ENV = "OSA_EDITOR_PASSWORD"
PASSWORD_SECRET = "editor_password"
MAX_CHANGES_DESCRIBED = 12  # the log says what changed without copying whole files into it


class EditRefused(Exception):
    """A save or restore that was not done; the message says why and what to do."""


class EditConflict(EditRefused):
    """The file changed on disk after the editor opened it. `diff` shows those changes."""

    def __init__(self, message: str, diff: str) -> None:
        super().__init__(message)
        self.diff = diff


class InvalidEdit(EditRefused):
    """The edited table has errors; `problems` lists them (warnings included)."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"Not saved: {len(errors)} problem(s) to fix first.")
        self.problems = problems


@dataclass(frozen=True)
class LoadedFile:
    """A data file as an editor opened it: its bytes (the base of a later save) and its table."""

    name: str
    data: bytes
    frame: pd.DataFrame  # text cells, one row per record, columns as in the file
    # How the file was read, when a save will change it: Shift-JIS or UTF-16, Excel's dates.
    read_as: tuple[Problem, ...] = ()

    @property
    def sha256(self) -> str:
        return content_hash(self.data)


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


@dataclass(frozen=True)
class SaveResult:
    file: str
    sha256: str
    history_copy: Path
    change: Change


@dataclass(frozen=True)
class Version:
    """One earlier version of a file, kept under data/history/."""

    file: str
    path: Path
    saved_at: datetime
    sha256: str
    who: str
    action: str
    summary: str
    details: tuple[str, ...] = ()  # which cells changed: 'row 3 (PHL ...) changed: status: "agreed" -> "delivered"'
    signed_in: bool = False  # `who` is the identity a sign-in provider vouched for, not a typed name

    def saved_at_local(self, zone: tzinfo | None = None) -> str:
        """When, in the editor's time zone (the server's if not given): 2026-11-24 10:02:03 JST (UTC+09:00)."""
        return local_time(self.saved_at, zone)


def local_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """A UTC moment in `zone` (default: this machine's), naming the zone and its offset so nobody has to guess."""
    local = moment.astimezone(zone)
    digits = local.strftime("%z")  # +0900
    offset = f"UTC{digits[:3]}:{digits[3:]}" if digits else "UTC"
    name = local.tzname() or ""
    named = name and not name.startswith(("UTC", "+", "-"))  # "JST" says more than "UTC+09:00" alone
    return f"{local:%Y-%m-%d %H:%M:%S} {name} ({offset})" if named else f"{local:%Y-%m-%d %H:%M:%S} {offset}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading and writing ----------------------------------------------------------------


def load_for_editing(directory: Path, name: str) -> LoadedFile:
    """The file as it is on disk now, as text cells; raises DataError if it cannot be read."""
    _check_editable(name)
    data = (directory / name).read_bytes()
    problems: list[Problem] = []
    frame = parse_csv(name, data, problems)
    if frame is None:
        raise DataError(problems, directory)
    return LoadedFile(name, data, frame.reset_index(drop=True), tuple(p for p in problems if p.severity == "warning"))


def table_bytes(frame: pd.DataFrame) -> bytes:
    """A table as the shipped files are written: UTF-8, comma-separated, LF line ends, no BOM.

    Empty cells (None, NaN from a new row in the editor) are written empty; cells are stripped.
    A line break inside a cell is written as LF, which the writer quotes: a lone CR (pasted from
    an old Mac file) went out unquoted, split the row in two and made the save fail on a row the
    editor could not see.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(column) for column in frame.columns])
    for row in frame.itertuples(index=False):
        cells = [
            ""
            if cell is None or (isinstance(cell, float) and pd.isna(cell))
            else str(cell).strip().replace("\r\n", "\n").replace("\r", "\n")
            for cell in row
        ]
        if any(cells):  # a row the editor added and left empty is not a record
            writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def check_edit(directory: Path, name: str, frame: pd.DataFrame) -> list[Problem]:
    """Every problem the data would have if `frame` were saved as `name` (the other files as on disk)."""
    _check_editable(name)
    contents, problems = read_data_files(directory)
    contents[name] = table_bytes(frame)
    problems = [p for p in problems if p.file != name]
    try:
        dataset = build_dataset(contents, directory, problems)
    except DataError as error:
        return error.problems
    return list(dataset.warnings)


def save_table(
    directory: Path,
    base: LoadedFile,
    frame: pd.DataFrame,
    editor: str,
    action: str = "save",
    signed_in: bool = False,
) -> SaveResult:
    """Save an edited table over `base.name` if nobody changed the file since `base` was loaded.

    `action` is what the change log calls it ("save", "upload recipients.xlsx"); `signed_in` says
    `editor` came from a sign-in provider rather than a typed name. Raises EditConflict (file
    changed on disk), InvalidEdit (the table has errors) or EditRefused (nothing to save, no name given).
    """
    editor = _editor_name(editor)
    data = table_bytes(frame)
    problems = check_edit(directory, base.name, frame)
    if any(p.severity == "error" for p in problems):
        raise InvalidEdit(problems)
    with edit_lock(directory):
        on_disk = _read_or_empty(directory / base.name)
        if content_hash(on_disk) != base.sha256:
            # Keep the refused edit too: nothing an editor typed is lost, even if their tab closes.
            # Once per content, and only the latest few: a burst of retries must not fill the disk.
            history = history_directory(directory)
            history.mkdir(parents=True, exist_ok=True)
            kept = _keep_refused(history, base.name, data)
            raise EditConflict(
                f"Not saved: {base.name} was changed on disk after you opened it (by another editor or "
                f"outside the app). Your version is kept as history/{kept.name}. Reload the file to see "
                "the new version, make your edits again, and save. Changes since you opened it:",
                text_diff(base.data, on_disk, base.name),
            )
        if _records(data, base.name) == _records(on_disk, base.name) and _is_utf8(on_disk):
            # Same cells, same encoding: only line ends or padding differ. A Shift-JIS file or
            # Excel's dates (shown as the save will write them) are worth saving as they are.
            raise EditRefused("Nothing to save: the table is the same as the file.")
        return _replace_with_history(directory, base.name, on_disk, data, editor, action, signed_in)


def restore_version(directory: Path, version: Version, editor: str, signed_in: bool = False) -> SaveResult:
    """Make an earlier version the current file again; the version it replaces stays in history."""
    editor = _editor_name(editor)
    data = version.path.read_bytes()
    problems: list[Problem] = []
    frame = parse_csv(version.file, data, problems)
    if frame is not None:
        problems = check_edit(directory, version.file, frame)
    if frame is None or any(p.severity == "error" for p in problems):
        raise InvalidEdit(problems)
    with edit_lock(directory):
        on_disk = _read_or_empty(directory / version.file)
        if data == on_disk:
            raise EditRefused("Nothing to restore: that version is the current file.")
        return _replace_with_history(
            directory, version.file, on_disk, data, editor, f"restore {version.path.name}", signed_in
        )


def _replace_with_history(
    directory: Path, name: str, old: bytes, new: bytes, editor: str, action: str, signed_in: bool = False
) -> SaveResult:
    """Under the lock: keep both versions in history, replace the file, then log the change."""
    history = history_directory(directory)
    history.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    if old and not _in_history(history, name, content_hash(old)):
        # The first edit of a file (or one made outside the app) keeps what it replaced.
        _history_copy(history, name, old, now, suffix="before")
    change = describe_change(old, new, name)
    copy = _history_copy(history, name, new, now)
    atomic_write_bytes(directory / name, new)
    entry = {
        "when": now.isoformat(timespec="seconds"),
        "who": editor,
        "signed_in": signed_in,
        "file": name,
        "action": action,
        "before": content_hash(old),
        "after": content_hash(new),
        "copy": copy.name,
        "added": change.added,
        "removed": change.removed,
        "changed": change.changed,
        "details": list(change.details),
    }
    append_line(history / CHANGE_LOG_NAME, json.dumps(entry, ensure_ascii=False))
    return SaveResult(name, content_hash(new), copy, change)


# --- history ------------------------------------------------------------------------------


def history_directory(directory: Path) -> Path:
    return directory / HISTORY_DIRNAME


def _history_copy(history: Path, name: str, data: bytes, when: datetime, suffix: str = "") -> Path:
    stem = Path(name).stem
    stamp = when.strftime("%Y%m%dT%H%M%S%fZ")
    label = f".{suffix}" if suffix else ""
    path = history / f"{stem}.{stamp}.{content_hash(data)[:12]}{label}.csv"
    atomic_write_bytes(path, data)
    return path


MAX_REFUSED_COPIES = 20  # per file; a refused edit older than the latest 20 has been dealt with


def _keep_refused(history: Path, name: str, data: bytes) -> Path:
    """The refused edit's copy in history: the existing one if this content is kept already."""
    digest = content_hash(data)[:12]
    stem = Path(name).stem
    for path in history.glob(f"{stem}.*.{digest}.refused.csv"):
        return path
    kept = _history_copy(history, name, data, datetime.now(UTC), suffix="refused")
    refused = sorted(history.glob(f"{stem}.*.refused.csv"))  # the time stamp sorts them
    for old in refused[:-MAX_REFUSED_COPIES]:
        old.unlink(missing_ok=True)
    return kept


def _in_history(history: Path, name: str, sha256: str) -> bool:
    return any(f".{sha256[:12]}" in path.name for path in history.glob(f"{Path(name).stem}.*.csv"))


def list_versions(directory: Path, name: str) -> list[Version]:
    """Every kept version of `name`, newest first, with who saved it and what changed."""
    _check_editable(name)
    history = history_directory(directory)
    log = {entry.get("copy"): entry for entry in read_change_log(directory)}
    versions = []
    for path in history.glob(f"{Path(name).stem}.*.csv"):
        parts = path.name.split(".")
        try:
            saved_at = datetime.strptime(parts[1], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except (IndexError, ValueError):
            continue  # not a copy this module wrote
        entry = log.get(path.name, {})
        versions.append(
            Version(
                file=name,
                path=path,
                saved_at=saved_at,
                sha256=parts[2],
                who=entry.get("who", ""),
                action=entry.get("action", _UNLOGGED_COPIES.get(parts[3] if len(parts) > 4 else "", "")),
                summary=(
                    f"{entry['added']} added, {entry['removed']} removed, {entry['changed']} changed"
                    if "added" in entry
                    else ""
                ),
                details=tuple(entry.get("details", ())),
                signed_in=bool(entry.get("signed_in", False)),
            )
        )
    return sorted(versions, key=lambda v: (v.saved_at, "before" not in v.path.name), reverse=True)


_UNLOGGED_COPIES = {
    "before": "as found before an edit in the app",
    "refused": "an edit refused because the file had changed",
}


def read_change_log(directory: Path) -> list[dict]:
    """The change log's entries, oldest first; a damaged line is skipped, not fatal."""
    path = history_directory(directory) / CHANGE_LOG_NAME
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return entries


# --- describing changes -----------------------------------------------------------------


def describe_change(old: bytes, new: bytes, name: str) -> Change:
    """Rows added, removed and changed between two versions of a file, with the first few named."""
    old_rows, new_rows = _records(old, name), _records(new, name)
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


def _records(data: bytes, name: str) -> list[tuple[str, ...]]:
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


# --- small helpers ----------------------------------------------------------------------


def _check_editable(name: str) -> None:
    if name not in EDITABLE_FILES:
        raise ValueError(f"{name} cannot be edited in the app; editable: {', '.join(EDITABLE_FILES)}")


def _editor_name(editor: str) -> str:
    editor = " ".join(editor.split())
    if not editor:
        raise EditRefused("Not saved: write your name first; the change log records who changed what.")
    return editor[:80]


def _as_text(data: bytes) -> str:
    """Bytes as the reader accepts them (UTF-8, UTF-16 with a byte-order mark, Shift-JIS), for a readable diff."""
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp932")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _read_or_empty(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""
