"""Downloads that are safe to open in a spreadsheet: CSV for Excel, and XLSX.

A cell whose text starts with =, +, -, @ (or a tab or carriage return, which some spreadsheets
skip before looking for those) is run as a formula when the file is opened: "CSV injection".
Text from the data files could hold one, so every download goes through `neutralise_formulas`,
which prefixes such text with an apostrophe, the spreadsheet convention for "this is text".
Numbers and dates are left alone: only text can smuggle a formula. No streamlit here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# openpyxl's own ILLEGAL_CHARACTERS_RE (openpyxl.cell.cell), copied so that importing this module
# does not load openpyxl: ~8 MB in every server process, needed only for an XLSX download.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` in which no text cell can be read as a formula."""

    def neutral(value):
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value

    safe = frame.copy()
    safe.columns = [neutral(str(column)) for column in safe.columns]
    for column in safe.columns:
        if safe[column].map(lambda value: isinstance(value, str)).any():
            safe[column] = safe[column].map(neutral).astype(object)
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads accents right), formulas neutralised."""
    text = neutralise_formulas(frame).to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def xlsx_bytes(
    frame: pd.DataFrame,
    sheet_name: str = "data",
    about: Sequence[tuple[str, str]] = (),
    link_columns: Iterable[str] = (),
) -> bytes:
    """An Excel workbook, formulas neutralised and every text cell stored as text.

    The data sheet comes first (it is the one that opens) with a bold, frozen header with filter
    buttons, columns as wide as their text (within reason), and web addresses in `link_columns`
    as clickable links. With `about`, a second sheet records what the file is: (label, value) rows
    such as the date, the filters, the data version and the sources.
    """
    safe = _xml_safe(neutralise_formulas(frame))
    buffer = io.BytesIO()
    # openpyxl is imported here, on the first XLSX download, not when the app starts.
    from openpyxl.styles import Font

    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet_name)
        sheet = writer.sheets[sheet_name]
        _style_table(sheet, safe, set(link_columns))
        if about:
            notes = _xml_safe(neutralise_formulas(pd.DataFrame(list(about), columns=["label", "value"])))
            notes.to_excel(writer, index=False, header=False, sheet_name="about")
            about_sheet = writer.sheets["about"]
            about_sheet.column_dimensions["A"].width = 22
            about_sheet.column_dimensions["B"].width = 100
            for cell in about_sheet["A"]:
                cell.font = Font(bold=True)
    return buffer.getvalue()


MAX_COLUMN_WIDTH = 60  # characters: longer text wraps in the cell rather than widening the sheet


def _xml_safe(frame: pd.DataFrame) -> pd.DataFrame:
    # XML cannot hold most control characters; openpyxl refuses them, so drop them.
    for column in frame.columns:
        frame[column] = frame[column].map(
            lambda value: ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        )
    return frame


def _style_table(sheet, frame: pd.DataFrame, link_columns: set[str]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = sheet.dimensions
    for number, column in enumerate(frame.columns, start=1):
        lengths = [len(str(column)), *(len(str(value)) for value in frame[column] if value is not None)]
        width = min(max(lengths) + 2, MAX_COLUMN_WIDTH)
        sheet.column_dimensions[get_column_letter(number)].width = width
        if width == MAX_COLUMN_WIDTH:
            for cell in sheet[get_column_letter(number)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column in link_columns:
            for cell in sheet[get_column_letter(number)][1:]:
                if isinstance(cell.value, str) and cell.value.startswith(("https://", "http://")):
                    cell.hyperlink = cell.value
                    cell.style = "Hyperlink"
