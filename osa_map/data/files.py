"""The one way this project writes a file: atomically, under a lock, durably."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".osa-edit.lock"  # one lock file per data folder


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (on Linux a rename lives in the folder's own entry).

    Windows cannot open a folder this way, and its rename is durable once the file is flushed.
    """
    if os.name == "nt":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def edit_lock(directory: Path) -> Iterator[None]:
    """One save at a time across every process using this data folder (and every host sharing it
    over a filesystem with working locks: deploy/README.md says which).

    POSIX flock, or msvcrt's byte-range lock on Windows; each is imported only where it exists,
    so the app starts on both (fcntl used to be imported on every page).
    """
    with open(directory / LOCK_NAME, "a+b") as lock:
        _lock(lock)
        try:
            yield
        finally:
            _unlock(lock)


if os.name == "nt":
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises OSError

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _unlock(handle) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)


def append_line(path: Path, line: str) -> None:
    """Append one line durably: the change log is only ever appended to, never rewritten.

    A line torn by a crash has no line end; the next line starts on a line of its own, or the
    two would run together and the reader would lose both.
    """
    torn = False
    if path.is_file() and path.stat().st_size:
        with open(path, "rb") as existing:
            existing.seek(-1, os.SEEK_END)
            torn = existing.read(1) != b"\n"
    with open(path, "a", encoding="utf-8") as log:
        log.write(("\n" if torn else "") + line.rstrip("\n") + "\n")
        log.flush()
        os.fsync(log.fileno())
