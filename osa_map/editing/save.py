"""Saving editors' changes so that nothing is ever lost: history, a change log, conflicts.

- A save replaces the file in one step (data.files.atomic_write_bytes): a crash leaves the old
  file or the new one, never a torn one.
- Every version that is replaced or written is kept, and the change log gets a line per save or
  restore (editing.history), saying what changed (editing.changes).
- A save carries the hash of the file as the editor loaded it (editing.editable.LoadedFile). If
  the file on disk has changed since (another editor saved, or someone edited it in Excel), the
  save is refused with a diff instead of silently overwriting their work.
- Saves are serialised by a lock file (data.files.edit_lock), so two editors saving at the same
  moment cannot both pass the check.

No streamlit here: osa_map/ui/editor.py only draws what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from osa_map.data.files import atomic_write_bytes, edit_lock
from osa_map.data.reading import parse_csv
from osa_map.data.schema import Problem, phrase
from osa_map.editing.changes import Change, FileDiff, describe_change, file_records
from osa_map.editing.editable import LoadedFile, check_edit, content_hash, table_bytes
from osa_map.editing.history import (
    Version,
    append_to_change_log,
    history_copy,
    history_directory,
    in_history,
    keep_refused,
)
from osa_map.i18n import Language


class EditRefused(Exception):
    """A save or restore that was not done: `text(lang)` says why and what to do in the editor's
    language; the exception's own message is the English text (for logs and the CLI)."""

    def __init__(self, key: str, **values: object) -> None:
        self.said = phrase(key, **values)
        super().__init__(self.said.text("en"))

    def text(self, lang: Language = "en") -> str:
        return self.said.text(lang)


class EditConflict(EditRefused):
    """The file changed on disk after the editor opened it. `diff` shows those changes."""

    def __init__(self, name: str, kept: str, diff: FileDiff) -> None:
        super().__init__("editing.conflict", name=name, kept=kept)
        self.diff = diff


class InvalidEdit(EditRefused):
    """The edited table has errors; `problems` lists them (warnings included)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("editing.invalid", count=sum(p.severity == "error" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class SaveResult:
    file: str
    sha256: str
    history_copy: Path
    change: Change


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
            kept = keep_refused(history, base.name, data)
            opened, now = phrase("editing.diff_opened", name=base.name), phrase("editing.diff_on_disk", name=base.name)
            raise EditConflict(base.name, kept.name, FileDiff(base.data, on_disk, opened, now))
        if file_records(data, base.name) == file_records(on_disk, base.name) and _is_utf8(on_disk):
            # Same cells, same encoding: only line ends or padding differ. A Shift-JIS file or
            # Excel's dates (shown as the save will write them) are worth saving as they are.
            raise EditRefused("editing.nothing_to_save")
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
            raise EditRefused("editing.nothing_to_restore")
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
    if old and not in_history(history, name, content_hash(old)):
        # The first edit of a file (or one made outside the app) keeps what it replaced.
        history_copy(history, name, old, now, suffix="before")
    change = describe_change(old, new, name)
    copy = history_copy(history, name, new, now)
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
        "details": list(change.detail_lines("en")),  # the log is a record, in one language
    }
    append_to_change_log(directory, entry)
    return SaveResult(name, content_hash(new), copy, change)


def _editor_name(editor: str) -> str:
    editor = " ".join(editor.split())
    if not editor:
        raise EditRefused("editing.no_name")
    return editor[:80]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _read_or_empty(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""
