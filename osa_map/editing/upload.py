"""Bringing a file fixed in a spreadsheet back through the app: CSV or XLSX in, checked, compared, saved.

An upload is read exactly as the file on disk would be (data.reading: Shift-JIS, UTF-16 and Excel's
dates included, each with its warning), checked with the other files as they are on disk, and
compared with the current file cell by cell. Saving goes through save.save_table, so it is atomic,
kept in history, logged, and refused if the file changed on disk after the upload was checked.
No streamlit here: osa_map/ui/editor.py draws what this returns.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from osa_map.data.reading import parse_csv
from osa_map.data.schema import MAX_FILE_BYTES, DataError, Problem, phrase
from osa_map.editing.changes import Change, FileDiff, describe_change
from osa_map.editing.editable import LoadedFile, check_edit, check_editable, load_for_editing, table_bytes
from osa_map.editing.save import SaveResult, save_table

UPLOAD_TYPES = ("csv", "xlsx")
XLSX_MAGIC = b"PK\x03\x04"
# The download neutralises formulas with an apostrophe (render.spreadsheet); a spreadsheet keeps it
# as text when it saves CSV, so an upload takes it off again.
FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Upload:
    """An uploaded file, read and checked against the current one; `frame` is None if it cannot be used."""

    name: str  # the data file it replaces: recipients.csv or packages.csv
    filename: str  # as the editor's computer called it
    base: LoadedFile  # the file on disk when the upload was checked: a later save must find it unchanged
    frame: pd.DataFrame | None
    problems: tuple[Problem, ...]  # reading the upload, then checking it with the other files
    change: Change | None
    diff: FileDiff | None  # the current file beside the upload, line by line

    @property
    def can_save(self) -> bool:
        return (
            self.frame is not None
            and self.change is not None
            and not self.change.is_empty
            and not any(p.severity == "error" for p in self.problems)
        )


def read_upload(directory: Path, name: str, filename: str, data: bytes) -> Upload:
    """Read `data` (CSV, or XLSX whose first sheet, or sheet named like the file, holds the table) as `name`."""
    check_editable(name)
    base = load_for_editing(directory, name)
    problems: list[Problem] = []
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        if len(data) > MAX_FILE_BYTES:
            problems.append(Problem.said_as(name, None, None, "problem.upload_too_big", limit=MAX_FILE_BYTES >> 20))
            return Upload(name, filename, base, None, tuple(problems), None, None)
        text_bytes = xlsx_to_csv(name, data, problems)
    else:
        text_bytes = data
    frame = parse_csv(name, text_bytes, problems) if text_bytes is not None else None
    if frame is None:
        return Upload(name, filename, base, None, tuple(problems), None, None)
    frame = frame.reset_index(drop=True)
    new = table_bytes(frame)
    problems += [p for p in check_edit(directory, name, frame) if p not in problems]
    change = describe_change(base.data, new, name)
    sides = phrase("editing.diff_current", name=name), phrase("editing.diff_upload", name=name, filename=filename)
    diff = FileDiff(base.data, new, *sides)
    return Upload(name, filename, base, frame, tuple(problems), change, diff)


def save_upload(directory: Path, upload: Upload, editor: str, signed_in: bool = False) -> SaveResult:
    """Save a checked upload over its file, through the same atomic, history-keeping path as an edit."""
    if upload.frame is None:
        raise DataError(list(upload.problems), directory)
    return save_table(
        directory, upload.base, upload.frame, editor, action=f"upload {upload.filename}", signed_in=signed_in
    )


def xlsx_to_csv(name: str, data: bytes, problems: list[Problem]) -> bytes | None:
    """The workbook's table as the CSV Excel's 'CSV UTF-8' would write, with cells as the sheet shows them."""
    import openpyxl  # only for an upload: ~8 MB a server process need not hold otherwise

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        problems.append(Problem.said_as(name, None, None, "problem.workbook_unreadable", error=error))
        return None
    stem = Path(name).stem
    sheet = next((ws for ws in workbook.worksheets if ws.title.lower() == stem), workbook.worksheets[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([_cell_text(value) for value in row])
    workbook.close()
    if len(workbook.worksheets) > 1:
        problems.append(Problem.said_as(name, None, None, "problem.workbook_sheet", "warning", sheet=sheet.title))
    return buffer.getvalue().encode("utf-8")


def _cell_text(value: object) -> str:
    """A cell as text: whole numbers without '.0', dates as YYYY-MM-DD, formula-guard apostrophes removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
