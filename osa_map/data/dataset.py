"""The validated data as one immutable value, read from a folder and fingerprinted by content.

Data flows one way: CSV bytes -> text frames (data.reading) -> checks (data.checks) -> typed
frames here. Nothing in osa_map.data imports streamlit, so `python -m osa_map validate` works
without a server.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from osa_map.data.checks import check_tables
from osa_map.data.reading import _too_big_message, parse_csv
from osa_map.data.schema import (
    COHORT_COLUMNS,
    COHORTS_FILE,
    DATA_FILES,
    MAX_FILE_BYTES,
    PACKAGE_COLUMNS,
    PACKAGES_FILE,
    RECIPIENT_COLUMNS,
    RECIPIENTS_FILE,
    Column,
    DataError,
    Problem,
    parse_fiscal_years,
)
from osa_map.i18n import Language, cohort_label, t
from osa_map.paths import DATA_DIR

DATA_DIR_ENV = "OSA_DATA_DIR"
DEFAULT_DATA_DIR = DATA_DIR


@dataclass(frozen=True)
class Dataset:
    """The validated data: cohorts, the dated recipients ledger, and packages."""

    cohorts: pd.DataFrame  # key, label, colour, order, description; sorted by order
    ledger: pd.DataFrame  # one row per country per dated change; as_of is a datetime.date
    packages: pd.DataFrame  # one row per exchange of notes
    directory: Path
    fingerprint: str
    warnings: tuple[Problem, ...] = field(default=())

    def cohort_label(self, key: str, lang: Language = "en") -> str:
        """The label of cohort `key` in `lang` (cohorts.csv's label_ja in Japanese), or the key if unknown."""
        rows = self.cohorts[self.cohorts["key"] == key]
        return cohort_label(rows.iloc[0], lang) if len(rows) else key


def data_directory() -> Path:
    """The folder the app and CLI read: $OSA_DATA_DIR if set, else the shipped data/."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else DEFAULT_DATA_DIR


def fingerprint(directory: Path) -> str:
    """A hash of the data files' bytes: a cache key that changes exactly when an editor saves.

    Never raises and never reads more than MAX_FILE_BYTES of a file: a file too big to use is
    hashed by its size and time, an unreadable one by its error, so the key still changes when
    it is fixed.
    """
    contents: dict[str, bytes | None] = {}
    for name in DATA_FILES:
        path = directory / name
        try:
            contents[name] = read_capped(path, MAX_FILE_BYTES)
        except FileNotFoundError:
            contents[name] = None
        except FileTooBig as error:
            contents[name] = f"<too big: {error.size} bytes, {error.modified_ns}>".encode()
        except OSError as error:
            contents[name] = f"<unreadable: {error.errno} {error.strerror}>".encode()
    return contents_fingerprint(contents)


class FileTooBig(OSError):
    """A file larger than the limit: refused from its size on disk, before any byte is read."""

    def __init__(self, path: Path, size: int, modified_ns: int = 0) -> None:
        super().__init__(errno.EFBIG, "file too big", str(path))
        self.size = size
        self.modified_ns = modified_ns


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, refusing (FileTooBig) one over `limit` before reading it.

    The size is checked with stat() first, so a 2 GB file costs one system call, not 2 GB of
    memory; at most `limit + 1` bytes are read, so a file that grows in between is refused too.
    Anything that is not a regular file (a folder, a pipe that would block) is FileNotFoundError.
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise FileNotFoundError(errno.ENOENT, "not a regular file", str(path))
    if info.st_size > limit:
        raise FileTooBig(path, info.st_size, info.st_mtime_ns)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooBig(path, len(data), info.st_mtime_ns)
    return data


def unreadable_reason(error: OSError, lang: Language = "en") -> str:
    """Why a file or folder cannot be read, in the reader's language where the cause is a common one."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return t("data.reason.permission", lang)
    return error.strerror or str(error)


def contents_fingerprint(contents: Mapping[str, bytes | None]) -> str:
    """The fingerprint of files already in memory (None: the file is missing)."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        data = contents.get(name)
        digest.update(data if data is not None else b"<missing>")
    return digest.hexdigest()[:16]


def load_dataset(directory: Path | None = None, lang: Language = "en") -> Dataset:
    """Read and validate every data file; raise DataError listing all errors at once.

    `lang` is the language of the problems found while reading (an unreadable file or folder);
    the validator's own messages are English.
    """
    directory = directory or data_directory()
    try:
        is_folder = stat.S_ISDIR(directory.stat().st_mode)
    except FileNotFoundError:
        is_folder = False
    except OSError as error:
        raise DataError([_folder_problem(directory, error, lang)], directory) from None
    if not is_folder:
        raise DataError(
            [Problem(str(directory), None, None, f"the data folder does not exist. Check {DATA_DIR_ENV}.")],
            directory,
        )
    contents, problems = read_data_files(directory, lang)
    return build_dataset(contents, directory, problems)


def read_data_files(directory: Path, lang: Language = "en") -> tuple[dict[str, bytes | None], list[Problem]]:
    """The data files' bytes (None where a file cannot be used), and why any cannot.

    Never raises for a file it cannot read: a missing, unreadable or oversized file (checked by
    size before reading) becomes a Problem that says what to do.
    """
    contents: dict[str, bytes | None] = dict.fromkeys(DATA_FILES)
    try:
        with os.scandir(directory):
            pass
    except OSError as error:
        return contents, [_folder_problem(directory, error, lang)]
    problems: list[Problem] = []
    for name in DATA_FILES:
        path = directory / name
        try:
            contents[name] = read_capped(path, MAX_FILE_BYTES)
        except FileNotFoundError:
            problems.append(Problem(name, None, None, f"the file is missing from {directory}."))
        except FileTooBig as error:
            problems.append(Problem(name, None, None, _too_big_message(error.size)))
        except OSError as error:
            reason = unreadable_reason(error, lang)
            problems.append(Problem(name, None, None, t("data.unreadable", lang, path=path, reason=reason)))
    return contents, problems


def _folder_problem(directory: Path, error: OSError, lang: Language) -> Problem:
    reason = unreadable_reason(error, lang)
    return Problem(str(directory), None, None, t("data.folder_unreadable", lang, directory=directory, reason=reason))


def build_dataset(
    contents: Mapping[str, bytes | None], directory: Path, problems: list[Problem] | None = None
) -> Dataset:
    """Validate files given as bytes (as read from disk, or about to be saved) into a Dataset.

    `problems` holds what was already found while reading; a file whose bytes are None is skipped.
    """
    problems = list(problems or [])
    tables = {name: parse_csv(name, data, problems) if data is not None else None for name, data in contents.items()}
    problems += check_tables(tables)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems, directory)
    cohorts = typed_frame(tables[COHORTS_FILE], COHORT_COLUMNS).sort_values("order", kind="stable")
    return Dataset(
        cohorts=cohorts.reset_index(drop=True),
        ledger=typed_frame(tables[RECIPIENTS_FILE], RECIPIENT_COLUMNS)
        .sort_values(["iso3", "as_of"])
        .reset_index(drop=True),
        packages=typed_frame(tables[PACKAGES_FILE], PACKAGE_COLUMNS).reset_index(drop=True),
        directory=directory,
        fingerprint=contents_fingerprint(contents),
        warnings=tuple(problems),
    )


def typed_frame(frame: pd.DataFrame, schema: tuple[Column, ...]) -> pd.DataFrame:
    """Convert validated text cells once, at load: dates to datetime.date, numbers to int, the
    fiscal-years cell ("2023;2024") to a tuple of ints; optional columns added empty."""
    frame = frame.copy()
    for column in schema:
        if column.name not in frame.columns:
            frame[column.name] = ""
        values = frame[column.name]
        if column.kind == "date":
            frame[column.name] = [date.fromisoformat(v) if v else None for v in values]
        elif column.kind in ("yen", "int", "year"):
            # object dtype keeps whole yen exact and empty cells as None (a float column would not)
            frame[column.name] = pd.Series([int(v) if v else None for v in values], index=frame.index, dtype="object")
        elif column.kind == "yes":
            frame[column.name] = [v.lower() == "yes" for v in values]
        elif column.kind == "years":
            frame[column.name] = pd.Series([parse_fiscal_years(v) for v in values], index=frame.index, dtype="object")
    return frame
