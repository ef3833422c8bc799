"""The tables an editor may change, as they open them and as a save would write them.

An edit starts from a LoadedFile (the bytes on disk, whose hash a save checks, and the table as
text cells) and is checked with the other files as they are on disk, exactly as the app will
read them after the save. What is checked here, editing.save writes and editing.history keeps.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from osa_map.data.dataset import build_dataset, read_data_files
from osa_map.data.reading import parse_csv
from osa_map.data.schema import PACKAGES_FILE, RECIPIENTS_FILE, DataError, Problem

EDITABLE_FILES = (RECIPIENTS_FILE, PACKAGES_FILE)


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


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_for_editing(directory: Path, name: str) -> LoadedFile:
    """The file as it is on disk now, as text cells; raises DataError if it cannot be read."""
    check_editable(name)
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
    check_editable(name)
    contents, problems = read_data_files(directory)
    contents[name] = table_bytes(frame)
    problems = [p for p in problems if p.file != name]
    try:
        dataset = build_dataset(contents, directory, problems)
    except DataError as error:
        return error.problems
    return list(dataset.warnings)


def check_editable(name: str) -> None:
    if name not in EDITABLE_FILES:
        raise ValueError(f"{name} cannot be edited in the app; editable: {', '.join(EDITABLE_FILES)}")
