"""Keep the last data that passed validation on disk, so a bad save never blanks the map.

When the files in data/ validate, a copy of exactly those bytes is kept in
`data/.last_good/<fingerprint>/`, and `data/.last_good/current` names that folder. When an
editor then saves something invalid, the app shows the problems and draws the map from the
copy; because it is on disk, a restart does not lose it.

Each good version gets its own folder and `current` is switched by an atomic rename, so two
sessions storing different versions at the same moment never leave a mix of both. The folder
is git-ignored: it is a cache of this machine's last good state, rebuilt on the first good load.
No streamlit here.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from osa_map.data.dataset import Dataset, contents_fingerprint, load_dataset
from osa_map.data.files import atomic_write_bytes
from osa_map.data.schema import DATA_FILES

LAST_GOOD_DIRNAME = ".last_good"
CURRENT_POINTER = "current"

log = logging.getLogger(__name__)
# (last-good folder, fingerprint) that could not be stored (read-only or full disk): not retried.
_could_not_keep: set[tuple[Path, str]] = set()


def last_good_root(directory: Path) -> Path:
    return directory / LAST_GOOD_DIRNAME


def remember(dataset: Dataset) -> bool:
    """Keep the files behind `dataset` as the last good copy; True if a new copy was written.

    Cheap when the copy is already current (one small read). The files are read again and
    kept only if they still have the dataset's fingerprint, so a save that lands in between
    is never mistaken for good data. A read-only data folder is not an error: the app just
    runs without a fallback.
    """
    root = last_good_root(dataset.directory)
    if stored_fingerprint(dataset.directory) == dataset.fingerprint:
        return False
    if (root, dataset.fingerprint) in _could_not_keep:
        return False  # tried once already: a read-only folder stays read-only, so no retry per click
    try:
        contents = {name: (dataset.directory / name).read_bytes() for name in DATA_FILES}
        if contents_fingerprint(contents) != dataset.fingerprint:
            return False
        root.mkdir(exist_ok=True)
        target = root / dataset.fingerprint
        if not target.is_dir():
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
            for name, data in contents.items():
                atomic_write_bytes(staging / name, data)
            try:
                os.replace(staging, target)
            except OSError:  # another session stored the same version first
                shutil.rmtree(staging, ignore_errors=True)
        atomic_write_bytes(root / CURRENT_POINTER, dataset.fingerprint.encode())
        _remove_old_copies(root, keep=dataset.fingerprint)
        return True
    except OSError as error:
        log.warning("could not keep the last good data in %s: %s", root, error)
        _could_not_keep.add((root, dataset.fingerprint))
        return False


def stored_fingerprint(directory: Path) -> str | None:
    """The fingerprint of the last good copy, or None if there is none."""
    try:
        value = (last_good_root(directory) / CURRENT_POINTER).read_text(encoding="ascii").strip()
        return value if value and (last_good_root(directory) / value).is_dir() else None
    except (OSError, UnicodeDecodeError, ValueError):  # unreadable, not ours, or a NUL in the name
        return None


def last_good_directory(directory: Path) -> Path | None:
    """The folder holding the last good copy of `directory`'s files, or None."""
    stored = stored_fingerprint(directory)
    return last_good_root(directory) / stored if stored else None


def load_last_good(directory: Path) -> Dataset | None:
    """The last good data of `directory`, or None if none was kept (or it no longer validates)."""
    folder = last_good_directory(directory)
    if folder is None:
        return None
    try:
        return load_dataset(folder)
    except Exception as error:  # a fallback that fails must not take the error panel down with it
        log.warning("the last good copy in %s cannot be used: %s", folder, error)
        return None


def _remove_old_copies(root: Path, keep: str) -> None:
    for child in root.iterdir():
        if child.is_dir() and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)
