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


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """An Excel workbook of one sheet, formulas neutralised and every text cell stored as text."""
    safe = neutralise_formulas(frame)
    # XML cannot hold most control characters; openpyxl refuses them, so drop them.
    for column in safe.columns:
        safe[column] = safe[column].map(
            lambda value: ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
        )
    buffer = io.BytesIO()
    # pandas imports openpyxl here, on the first XLSX download, not when the app starts.
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet_name)
    return buffer.getvalue()
