"""The data release: its version (data/VERSION) and the whole dataset as one citable download.

A release is the date of a reviewed version of the files, written YYYY.MM.DD (data/CHANGELOG.md
says what changed in each). The files' fingerprint names the exact bytes, so a citation still
identifies the data when an editor has changed it since the release.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

VERSION_FILE = "VERSION"
UNVERSIONED = "unversioned"
# What the download holds: the tables, their Frictionless description, and what a reader needs to
# use and cite them. The country boundaries are Natural Earth's, downloadable from there.
RELEASE_FILES = (
    "cohorts.csv",
    "recipients.csv",
    "packages.csv",
    "budget.csv",
    "regions.csv",
    "datapackage.json",
    "CHANGELOG.md",
    "LICENSE.md",
    "README.md",
    VERSION_FILE,
)
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # the same files give the same zip, byte for byte


def read_release(directory: Path) -> str:
    """The data version in `directory`'s VERSION file, or "unversioned" if it has none."""
    try:
        text = (directory / VERSION_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return UNVERSIONED
    return text[:40] or UNVERSIONED


def dataset_zip(directory: Path) -> bytes:
    """The data package as a zip: every file of RELEASE_FILES that `directory` has, under a folder
    named for the version (osa-data-2026.12.02/...)."""
    folder = f"osa-data-{read_release(directory)}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in RELEASE_FILES:
            path = directory / name
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder}/{name}", date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
