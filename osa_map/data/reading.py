"""Stage 1 of checking: is this a CSV file as a spreadsheet writes it?

Byte-order marks, CRLF line ends, padded cells and trailing blank lines are fine. So are the other
encodings spreadsheets write when the bytes leave no doubt (Shift-JIS from Japanese Excel's plain
"CSV", UTF-16 with a byte-order mark) and dates Excel re-typed year first (2023/8/30): both are read
exactly, with a warning, and the app writes UTF-8 and YYYY-MM-DD back when it saves. Semicolon-
separated files, encodings the bytes cannot tell apart, Excel workbooks, binary junk, empty and
oversized files each get a message that says what to do in Excel. Rows are reported as a spreadsheet
shows them: the header is row 1, the first record row 2; text frames are indexed by that row number.
Every message is catalogue text (osa_map/i18n, keys problem.*), so the app shows it in the editor's
language.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import date

import pandas as pd

from osa_map.data.schema import (
    FILES_THAT_NEED_ROWS,
    MAX_FILE_BYTES,
    SCHEMAS,
    Column,
    Phrase,
    Problem,
    Severity,
    phrase,
)

# --- stage 1: reading a file as a spreadsheet wrote it ----------------------------------

_EXCEL_HINT = "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'."
EXCEL_HINT = phrase("problem.excel_hint")  # the same advice in the editor's language
# Japanese Excel's menus, named in both languages' messages: the editors who meet Shift-JIS use them.
SAVE_AS_UTF8 = phrase("problem.save_as_utf8")

SHIFT_JIS = "cp932"  # Microsoft's Shift-JIS, what Japanese Windows and Excel write (～ and ① included)
# Year first is unambiguous whatever the computer's region: 2023/8/30, 2023-8-30, 2023.8.30, 2023年8月30日,
# with the midnight time Excel adds to a date cell it thinks holds a date and time.
EXCEL_DATE = re.compile(
    r"(\d{4})\s*"
    r"(?:[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
    r"(?:\s+0{1,2}:00(?::00)?)?"
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _too_big_message(size: int) -> str:
    return _too_big(size).text("en")


def _too_big(size: int) -> Phrase:
    return phrase("problem.too_big", size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_BYTES // 1024 // 1024)


def too_big_problem(name: str, size: int) -> Problem:
    said = _too_big(size)
    return Problem(name, None, None, said.text("en"), "error", said)


def parse_csv(
    name: str,
    data: bytes,
    problems: list[Problem],
    columns: Sequence[Column] | None = None,
    normalise_dates: bool = True,
) -> pd.DataFrame | None:
    """The file as a frame of stripped text cells indexed by spreadsheet row, or None if unreadable.

    Every reason a file cannot be read is added to `problems` as one message saying what to do.
    `columns` are the ones the app reads (default: the file's entry in SCHEMAS); others get a warning.
    Year-first dates in date columns are rewritten YYYY-MM-DD (with a warning) unless
    `normalise_dates` is False, which shows the cells exactly as the file holds them.
    """
    if len(data) > MAX_FILE_BYTES:
        problems.append(too_big_problem(name, len(data)))
        return None
    text = _decode(name, data, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem.said_as(name, None, None, "problem.empty"))
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        problems.append(Problem.said_as(name, None, None, "problem.not_csv", error=error))
        return None

    header = [cell.strip() for cell in records[0]]
    schema = tuple(SCHEMAS.get(name, ()) if columns is None else columns)
    expected = [column.name for column in schema]
    for separator, what in ((";", "problem.semicolons"), ("\t", "problem.tabs")):
        if len(header) == 1 and separator in header[0]:
            problems.append(Problem.said_as(name, 1, None, "problem.separated_by", what=phrase(what), hint=EXCEL_HINT))
            return None
    if not any(header):
        problems.append(Problem.said_as(name, 1, None, "problem.header_empty", columns=", ".join(expected)))
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
                Problem.said_as(
                    name, position, None, "problem.extra_cells", cells=len(cells), width=width, extra=extra[0]
                )
            )
        rows[position] = (cells + [""] * width)[:width]
    if not rows:
        severity: Severity = "error" if name in FILES_THAT_NEED_ROWS else "warning"
        problems.append(Problem.said_as(name, None, None, "problem.no_rows", severity))

    frame = pd.DataFrame(list(rows.values()), index=list(rows), columns=header, dtype=str)
    frame = _drop_bad_header_columns(name, frame, expected, problems)
    if normalise_dates:
        frame = _iso_dates(name, frame, [c.name for c in schema if c.kind == "date"], problems)
    return frame


# --- encodings ------------------------------------------------------------------------------


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        problems.append(Problem.said_as(name, None, None, "problem.workbook", hint=EXCEL_HINT))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" and some exports: the byte-order mark says exactly how to read it.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            problems.append(Problem.said_as(name, None, None, "problem.binary", hint=EXCEL_HINT))
            return None
        problems.append(Problem.said_as(name, None, None, "problem.read_utf16", "warning", fix=SAVE_AS_UTF8))
        return text
    if b"\x00" in data or _looks_binary(data):
        problems.append(Problem.said_as(name, None, None, "problem.binary", hint=EXCEL_HINT))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _decode_legacy(name, data, error, problems)


def _decode_legacy(name: str, data: bytes, error: UnicodeDecodeError, problems: list[Problem]) -> str | None:
    """Not UTF-8: read Shift-JIS when only Shift-JIS makes sense of the bytes, else say what it may be.

    Kana only come from Shift-JIS's two-byte rows 0x82 and 0x83 ('‚' and 'ƒ' in Windows-1252, signs
    Western text hardly ever holds), so a Shift-JIS reading with kana is Japanese. A reading with
    kanji but no kana may be Japanese or Western text: both are named. Half-width katakana and the
    user-defined area are what Latin-1 accented letters turn into, so a reading with them is not
    Japanese, and neither is one whose Windows-1252 reading is plain accented letters (Réunion).
    """
    line = data[: error.start].count(b"\n") + 1
    byte = f"0x{data[error.start]:02X}"
    japanese = _as_japanese(data)
    if japanese is not None and any("\u3040" <= c <= "\u30ff" for c in japanese):
        problems.append(Problem.said_as(name, None, None, "problem.read_shift_jis", "warning", fix=SAVE_AS_UTF8))
        return japanese
    western = _as_western(data)
    if japanese is not None and (western is None or not _only_letters(western)):
        problems.append(
            Problem.said_as(
                name,
                line,
                None,
                "problem.encoding_ambiguous",
                byte=byte,
                japanese=data[error.start : error.start + 2].decode(SHIFT_JIS, errors="replace")[:1],
                western=data[error.start : error.start + 1].decode("cp1252", errors="replace"),
            )
        )
        return None
    guess = data[error.start : error.start + 1].decode("cp1252", errors="replace")
    problems.append(Problem.said_as(name, line, None, "problem.not_utf8", byte=byte, guess=guess, hint=EXCEL_HINT))
    return None


def _as_japanese(data: bytes) -> str | None:
    """The text as Shift-JIS, unless that reading holds what a Japanese spreadsheet would not write."""
    try:
        text = data.decode(SHIFT_JIS)
    except UnicodeDecodeError:
        return None
    if any("\uff61" <= c <= "\uff9f" or "\ue000" <= c <= "\uf8ff" for c in text):
        return None
    return text


def _as_western(data: bytes) -> str | None:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _only_letters(text: str) -> bool:
    """True when every non-ASCII character is a letter (é, ß, Œ): what Western text holds."""
    return all(unicodedata.category(c).startswith("L") for c in text if not c.isascii())


def _looks_binary(data: bytes) -> bool:
    """Control characters other than tab and line ends mean this is not text a spreadsheet wrote."""
    sample = data[:8192]
    controls = sum(byte < 32 and byte not in (9, 10, 13) for byte in sample)
    return controls > max(2, len(sample) // 100)


# --- dates Excel re-typed -------------------------------------------------------------------


def iso_date_from_excel(value: str) -> str | None:
    """'2023/8/30', '2023-8-30', '2023年8月30日' (and with Excel's ' 0:00') -> '2023-08-30'; else None.

    Only year-first forms: 03/04/2024 is 3 April or 4 March depending on the computer that wrote it.
    """
    match = EXCEL_DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = (int(part) for part in (match[1], match[2] or match[4], match[3] or match[5]))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None  # 2023/2/30 stays as written, and the date check says it is not a real date


def _iso_dates(name: str, frame: pd.DataFrame, date_columns: list[str], problems: list[Problem]) -> pd.DataFrame:
    """Year-first dates read as YYYY-MM-DD, one warning per column naming the first such cell."""
    for column in date_columns:
        if column not in frame.columns:
            continue
        converted = {
            row: iso
            for row, value in frame[column].items()
            if value and not ISO_DATE.fullmatch(value) and (iso := iso_date_from_excel(value)) is not None
        }
        if not converted:
            continue
        first = min(converted)
        problems.append(
            Problem.said_as(
                name,
                int(first),
                column,
                "problem.excel_dates",
                "warning",
                count=len(converted),
                written=frame.at[first, column],
                iso=converted[first],
            )
        )
        frame = frame.copy()
        for row, iso in converted.items():
            frame.at[row, column] = iso
    return frame


# --- the header -------------------------------------------------------------------------------


def _drop_bad_header_columns(
    name: str, frame: pd.DataFrame, expected: list[str], problems: list[Problem]
) -> pd.DataFrame:
    """Report repeated, blank and unknown column names; keep the first of each name."""
    keep = []
    seen: set[str] = set()
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position]
        if column in seen:
            problems.append(Problem.said_as(name, 1, column, "problem.column_twice"))
            continue
        seen.add(column)
        if not column:
            if (values != "").any():
                problems.append(Problem.said_as(name, 1, None, "problem.column_unnamed", position=position + 1))
            continue
        if column not in expected:
            near = [e for e in expected if e.lower().replace(" ", "_") == column.lower().replace(" ", "_")]
            fix = phrase("problem.rename_it", name=near[0]) if near else phrase("problem.check_spelling")
            problems.append(
                Problem.said_as(name, 1, column, "problem.unknown_column", "warning", header=column, fix=fix)
            )
        keep.append(position)
    return frame.iloc[:, keep]
