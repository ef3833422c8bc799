"""Downloads cannot run formulas when opened in a spreadsheet (CSV injection)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from osa_map.render.spreadsheet import ILLEGAL_CHARACTERS_RE, csv_bytes, neutralise_formulas, xlsx_bytes

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": [*HOSTILE, "Plain text", "a=b"],
            "amount": [600_000_000, -5, 0, 1, 2, 3, 4, None, 7],
            "when": [date(2024, 12, 5)] * 9,
        }
    )


def test_text_starting_with_a_formula_character_gets_an_apostrophe(frame):
    safe = neutralise_formulas(frame)
    assert list(safe["text"]) == [*("'" + value for value in HOSTILE), "Plain text", "a=b"]
    assert list(frame["text"])[0] == "=1+1"  # the caller's frame is left alone


def test_numbers_and_dates_are_left_alone(frame):
    safe = neutralise_formulas(frame)
    assert safe["amount"].iloc[1] == -5
    assert safe["when"].iloc[0] == date(2024, 12, 5)


def test_csv_has_a_bom_for_excel_and_no_live_formula(frame):
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    read_back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in read_back["text"])
    assert "'=1+1" in set(read_back["text"])


def test_xlsx_stores_text_as_text_never_as_a_formula(frame):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert cells[0].value == "'=1+1"
    assert sheet.cell(row=2, column=2).value == 600_000_000


def test_xlsx_survives_control_characters():
    data = xlsx_bytes(pd.DataFrame({"text": ["bell\x07 and nul\x00"]}))
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value == "bell and nul"


def test_illegal_characters_match_openpyxl():
    # spreadsheet.py keeps its own copy so the server need not import openpyxl (docs/performance.md).
    assert ILLEGAL_CHARACTERS_RE.pattern == openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.pattern
