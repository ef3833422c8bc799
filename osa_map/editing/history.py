"""The history of the editable files: every version kept under data/history/, and the change log.

Every version that is replaced or written is kept as `recipients.20261124T010203123456Z.3f2a9c1b.csv`
(the file's stem, when, the first 12 hex digits of its SHA-256), and `data/history/changes.jsonl`
gets one line per save or restore: when, who, which file, and what changed. A refused edit is
kept too (`.refused.csv`), and the file as found before the app first changed it (`.before.csv`).

History is kept out of git (.gitignore): it is this machine's undo; git, with reviewed commits,
is the project's record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from osa_map.data.files import append_line, atomic_write_bytes
from osa_map.editing.editable import check_editable, content_hash
from osa_map.i18n import Language, t

HISTORY_DIRNAME = "history"
CHANGE_LOG_NAME = "changes.jsonl"
MAX_REFUSED_COPIES = 20  # per file; a refused edit older than the latest 20 has been dealt with


@dataclass(frozen=True)
class Version:
    """One earlier version of a file, kept under data/history/."""

    file: str
    path: Path
    saved_at: datetime
    sha256: str
    who: str
    action: str  # as the change log records it: "save", "upload recipients.xlsx"; "" if it has no line
    counts: tuple[int, int, int] | None = None  # rows added, removed, changed, as the log counted them
    # Which cells changed, as the log recorded them (in English):
    # 'row 3 (PHL ...) changed: status: "agreed" -> "delivered"'
    details: tuple[str, ...] = ()
    signed_in: bool = False  # `who` is the identity a sign-in provider vouched for, not a typed name
    kept_as: str = ""  # "before" or "refused" for a copy kept without a save (history_copy's suffix)

    def saved_at_local(self, zone: tzinfo | None = None) -> str:
        """When, in the editor's time zone (the server's if not given): 2026-11-24 10:02:03 JST (UTC+09:00)."""
        return local_time(self.saved_at, zone)

    def action_text(self, lang: Language = "en") -> str:
        """What was done, in `lang`: the logged action, or why a copy was kept without one."""
        if self.action:
            return _logged_action(self.action, lang)
        if self.kept_as == "before":
            return t("editing.kept_before", lang)
        if self.kept_as == "refused":
            return t("editing.kept_refused", lang)
        return ""

    def summary(self, lang: Language = "en") -> str:
        """'1 added, 0 removed, 2 changed' in `lang`; empty for a copy the log has no line for."""
        if self.counts is None:
            return ""
        added, removed, changed = self.counts
        return t("editing.history_summary", lang, added=added, removed=removed, changed=changed)


def _logged_action(action: str, lang: Language = "en") -> str:
    """The change log's action in `lang`. The log names three: "save" (save_table's default),
    "upload <file name>" (editing.upload) and "restore <copy>" (editing.save.restore_version);
    anything else is shown as the log has it."""
    verb, _, what = action.partition(" ")
    if action == "save":
        return t("editing.action_save", lang)
    if verb == "upload" and what:
        return t("editing.action_upload", lang, filename=what)
    if verb == "restore" and what:
        return t("editing.action_restore", lang, copy=what)
    return action


def local_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """A UTC moment in `zone` (default: this machine's), naming the zone and its offset so nobody has to guess."""
    local = moment.astimezone(zone)
    digits = local.strftime("%z")  # +0900
    offset = f"UTC{digits[:3]}:{digits[3:]}" if digits else "UTC"
    name = local.tzname() or ""
    named = name and not name.startswith(("UTC", "+", "-"))  # "JST" says more than "UTC+09:00" alone
    return f"{local:%Y-%m-%d %H:%M:%S} {name} ({offset})" if named else f"{local:%Y-%m-%d %H:%M:%S} {offset}"


def history_directory(directory: Path) -> Path:
    return directory / HISTORY_DIRNAME


def history_copy(history: Path, name: str, data: bytes, when: datetime, suffix: str = "") -> Path:
    stem = Path(name).stem
    stamp = when.strftime("%Y%m%dT%H%M%S%fZ")
    label = f".{suffix}" if suffix else ""
    path = history / f"{stem}.{stamp}.{content_hash(data)[:12]}{label}.csv"
    atomic_write_bytes(path, data)
    return path


def keep_refused(history: Path, name: str, data: bytes) -> Path:
    """The refused edit's copy in history: the existing one if this content is kept already."""
    digest = content_hash(data)[:12]
    stem = Path(name).stem
    for path in history.glob(f"{stem}.*.{digest}.refused.csv"):
        return path
    kept = history_copy(history, name, data, datetime.now(UTC), suffix="refused")
    refused = sorted(history.glob(f"{stem}.*.refused.csv"))  # the time stamp sorts them
    for old in refused[:-MAX_REFUSED_COPIES]:
        old.unlink(missing_ok=True)
    return kept


def in_history(history: Path, name: str, sha256: str) -> bool:
    return any(f".{sha256[:12]}" in path.name for path in history.glob(f"{Path(name).stem}.*.csv"))


def list_versions(directory: Path, name: str) -> list[Version]:
    """Every kept version of `name`, newest first, with who saved it and what changed."""
    check_editable(name)
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
                action=entry.get("action", ""),
                counts=(entry["added"], entry["removed"], entry["changed"]) if "added" in entry else None,
                details=tuple(entry.get("details", ())),
                signed_in=bool(entry.get("signed_in", False)),
                kept_as=parts[3] if len(parts) > 4 else "",
            )
        )
    return sorted(versions, key=lambda v: (v.saved_at, "before" not in v.path.name), reverse=True)


def append_to_change_log(directory: Path, entry: dict) -> None:
    """One line of JSON for one save or restore, appended durably (data.files.append_line)."""
    append_line(history_directory(directory) / CHANGE_LOG_NAME, json.dumps(entry, ensure_ascii=False))


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
