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
from osa_map.data.schema import Problem
from osa_map.editing.changes import Change, describe_change, file_records, text_diff
from osa_map.editing.editable import LoadedFile, check_edit, content_hash, table_bytes
from osa_map.editing.history import (
    Version,
    append_to_change_log,
    history_copy,
    history_directory,
    in_history,
    keep_refused,
)


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
            raise EditConflict(
                f"Not saved: {base.name} was changed on disk after you opened it (by another editor or "
                f"outside the app). Your version is kept as history/{kept.name}. Reload the file to see "
                "the new version, make your edits again, and save. Changes since you opened it:",
                text_diff(base.data, on_disk, base.name),
            )
        if file_records(data, base.name) == file_records(on_disk, base.name) and _is_utf8(on_disk):
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
        "details": list(change.details),
    }
    append_to_change_log(directory, entry)
    return SaveResult(name, content_hash(new), copy, change)


def _editor_name(editor: str) -> str:
    editor = " ".join(editor.split())
    if not editor:
        raise EditRefused("Not saved: write your name first; the change log records who changed what.")
    return editor[:80]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _read_or_empty(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""
