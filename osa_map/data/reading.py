"""Stage 1 of checking: is this a CSV file as a spreadsheet writes it?

Byte-order marks, CRLF line ends, padded cells and trailing blank lines are fine; semicolon-
separated files, legacy encodings, Excel workbooks, binary junk, empty and oversized files each get
a message that says what to do in Excel. Rows are reported as a spreadsheet shows them: the header
is row 1, the first record row 2; text frames are indexed by that row number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pandas as pd

from osa_map.data.schema import FILES_THAT_NEED_ROWS, MAX_FILE_BYTES, SCHEMAS, Column, Problem, Severity

# --- stage 1: reading a file as a spreadsheet wrote it ----------------------------------

_EXCEL_HINT = "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'."


def _too_big_message(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB limit. "
        "It is probably not the right file; save the sheet again as CSV, without pictures or extra sheets."
    )


def parse_csv(
    name: str, data: bytes, problems: list[Problem], columns: Sequence[Column] | None = None
) -> pd.DataFrame | None:
    """The file as a frame of stripped text cells indexed by spreadsheet row, or None if unreadable.

    Every reason a file cannot be read is added to `problems` as one message saying what to do.
    `columns` are the ones the app reads (default: the file's entry in SCHEMAS); others get a warning.
    """
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(name, None, None, _too_big_message(len(data))))
        return None
    text = _decode(name, data, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(name, None, None, "the file is empty. Restore it from git or data/history/, then edit it again.")
        )
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"the file cannot be read as CSV ({error}). A double quote is probably not closed; "
                "a cell holding quotes must be wrapped in double quotes with each inner quote doubled.",
            )
        )
        return None

    header = [cell.strip() for cell in records[0]]
    expected = [column.name for column in (SCHEMAS.get(name, ()) if columns is None else columns)]
    for separator, what in ((";", "semicolons"), ("\t", "tabs")):
        if len(header) == 1 and separator in header[0]:
            problems.append(
                Problem(
                    name,
                    1,
                    None,
                    f"the file is separated by {what}, not commas. Excel does this when the computer's region "
                    f"uses a decimal comma. {_EXCEL_HINT}",
                )
            )
            return None
    if not any(header):
        problems.append(Problem(name, 1, None, f"row 1 is empty; it must be the header row ({', '.join(expected)})."))
        return None

    width = len(header)
    rows: dict[int, list[str]] = {}
    for position, record in enumerate(records[1:], start=2):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue  # blank lines, including the ones spreadsheets leave at the end, are fine
        extra = [cell for cell in cells[width:] if cell]
        if extra:
            problems.append(
                Problem(
                    name,
                    position,
                    None,
                    f'the row has {len(cells)} cells but the header has {width} (extra value "{extra[0]}"). '
                    "Remove the extra cells, or wrap a value that contains a comma in double quotes.",
                )
            )
        rows[position] = (cells + [""] * width)[:width]
    if not rows:
        severity: Severity = "error" if name in FILES_THAT_NEED_ROWS else "warning"
        problems.append(
            Problem(
                name,
                None,
                None,
                "the file has a header row but no data rows. Add the rows back, or restore the file from git.",
                severity,
            )
        )

    frame = pd.DataFrame(list(rows.values()), index=list(rows), columns=header, dtype=str)
    return _drop_bad_header_columns(name, frame, expected, problems)


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        problems.append(Problem(name, None, None, f"this is an Excel workbook (.xlsx), not a CSV file. {_EXCEL_HINT}"))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(name, None, None, f"the file is saved as UTF-16 ('Unicode Text'), not UTF-8. {_EXCEL_HINT}")
        )
        return None
    if b"\x00" in data or _looks_binary(data):
        problems.append(
            Problem(name, None, None, f"the file holds binary data, not text: it is not a CSV file. {_EXCEL_HINT}")
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        guess = data[error.start : error.start + 1].decode("cp1252", errors="replace")
        problems.append(
            Problem(
                name,
                line,
                None,
                f'the file is not UTF-8: byte 0x{data[error.start]:02X} (probably "{guess}" in a Windows or Mac '
                f"encoding) cannot be read. {_EXCEL_HINT} Plain 'CSV' garbles accented letters.",
            )
        )
        return None


def _looks_binary(data: bytes) -> bool:
    """Control characters other than tab and line ends mean this is not text a spreadsheet wrote."""
    sample = data[:8192]
    controls = sum(byte < 32 and byte not in (9, 10, 13) for byte in sample)
    return controls > max(2, len(sample) // 100)


def _drop_bad_header_columns(
    name: str, frame: pd.DataFrame, expected: list[str], problems: list[Problem]
) -> pd.DataFrame:
    """Report repeated, blank and unknown column names; keep the first of each name."""
    keep = []
    seen: set[str] = set()
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position]
        if column in seen:
            problems.append(Problem(name, 1, column, "this column name appears twice in the header. Delete one."))
            continue
        seen.add(column)
        if not column:
            if (values != "").any():
                problems.append(
                    Problem(
                        name,
                        1,
                        None,
                        f"column {position + 1} has values but no name in the header. Name it or delete it.",
                    )
                )
            continue
        if column not in expected:
            near = [e for e in expected if e.lower().replace(" ", "_") == column.lower().replace(" ", "_")]
            fix = f"Rename it {near[0]}." if near else "Check the spelling against data/README.md, or delete it."
            problems.append(Problem(name, 1, column, f'the app does not read a column "{column}". {fix}', "warning"))
        keep.append(position)
    return frame.iloc[:, keep]
