"""Dates Excel re-typed: year-first forms are read as YYYY-MM-DD with one warning per column, written
back as YYYY-MM-DD when the app saves; day-or-month-first forms are still refused with the fix."""

from __future__ import annotations

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.data.reading import iso_date_from_excel, parse_csv
from osa_map.data.schema import DataError
from osa_map.editing.editable import load_for_editing
from osa_map.editing.save import save_table
from tests.helpers import LEDGER, PACKAGES, write_dataset
from tests.test_validation import csv_text


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2023/8/30", "2023-08-30"),
        ("2023/08/30", "2023-08-30"),
        ("2023-8-30", "2023-08-30"),
        ("2023.8.30", "2023-08-30"),
        ("2023年8月30日", "2023-08-30"),
        ("2023/8/30 0:00", "2023-08-30"),
        ("2023/8/30 00:00:00", "2023-08-30"),
    ],
)
def test_year_first_forms_are_read_as_iso(written, iso):
    assert iso_date_from_excel(written) == iso


@pytest.mark.parametrize("written", ["03/04/2024", "30/8/2023", "8/30/2023", "2023/2/30", "2023/8", "2023/8/30 9:15"])
def test_ambiguous_or_impossible_forms_are_not_guessed(written):
    assert iso_date_from_excel(written) is None


def excel_ledger() -> list[dict[str, str]]:
    """The helpers' ledger as Japanese Excel saves it: every date re-typed as 2023/11/3."""
    rows = [dict(row) for row in LEDGER]
    for row in rows:
        for column in ("as_of", "last_reviewed"):
            year, month, day = row[column].split("-")
            row[column] = f"{year}/{int(month)}/{int(day)}"
    return rows


def test_an_excel_dated_ledger_is_valid_with_one_warning_per_column(tmp_path):
    directory = write_dataset(tmp_path / "data", ledger=excel_ledger())
    dataset = load_dataset(directory)  # no errors: 12 of them before (two per row)
    assert str(dataset.ledger.loc[0, "as_of"]) in {row["as_of"] for row in LEDGER}
    warnings = [(p.severity, str(p)) for p in dataset.warnings if p.file == "recipients.csv"]
    assert warnings == [
        (
            "warning",
            "recipients.csv, row 2, column as_of: 6 date(s) in this column were written as Excel re-types them "
            '("2023/11/3" here) and were read as YYYY-MM-DD ("2023-11-03"); saving in the app writes them back as '
            "YYYY-MM-DD. To stop Excel re-typing them, format the column as Text before you type.",
        ),
        (
            "warning",
            "recipients.csv, row 2, column last_reviewed: 6 date(s) in this column were written as Excel re-types "
            'them ("2026/11/24" here) and were read as YYYY-MM-DD ("2026-11-24"); saving in the app writes them '
            "back as YYYY-MM-DD. To stop Excel re-typing them, format the column as Text before you type.",
        ),
    ]
    japanese = [p for p in dataset.warnings if p.file == "recipients.csv"][0].describe("ja")
    assert japanese == (
        "recipients.csv、2行目、列「as_of」: この列の日付 6 件は Excel が書き換えた形"
        "（ここでは「2023/11/3」）になっていたため、YYYY-MM-DD（「2023-11-03」）として読みました。"
        "アプリで保存すると YYYY-MM-DD で書き戻します。"
        "Excel に書き換えさせないには、入力の前に列の書式を「文字列」にしてください。"
    )


def test_japanese_style_dates_in_packages_are_read_too(tmp_path):
    packages = [dict(row) for row in PACKAGES]
    packages[0]["notes_date"] = "2023年11月3日"
    dataset = load_dataset(write_dataset(tmp_path / "data", packages=packages))
    assert str(dataset.packages.loc[0, "notes_date"]) == "2023-11-03"


def test_ambiguous_dates_are_still_refused_with_the_fix(tmp_path):
    directory = write_dataset(tmp_path / "data")
    rows = excel_ledger()
    rows[1]["as_of"] = "03/04/2024"
    (directory / "recipients.csv").write_text(csv_text(rows))
    with pytest.raises(DataError) as caught:
        load_dataset(directory)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert [str(p) for p in errors] == [
        'recipients.csv, row 3, column as_of: "03/04/2024" is not a date in the form YYYY-MM-DD. Write it like '
        "2024-03-31. Excel may have changed it: format the column as Text."
    ]
    assert "月と日のどちらが先か分からない" in errors[0].text("ja")


def test_saving_in_the_app_writes_iso_back(tmp_path):
    directory = write_dataset(tmp_path / "data", ledger=excel_ledger())
    loaded = load_for_editing(directory, "recipients.csv")
    assert loaded.frame.loc[0, "as_of"] == "2023-11-03"  # the editor's grid shows ISO already
    result = save_table(directory, loaded, loaded.frame, "Tester")  # no edit: the save is the conversion
    text = (directory / "recipients.csv").read_text(encoding="utf-8")
    assert "2023-11-03" in text and "2023/11/3" not in text
    assert result.change.changed == len(LEDGER)
    assert 'as_of: "2023/11/3" -> "2023-11-03"' in result.change.detail_lines()[0]
    assert [p for p in load_dataset(directory).warnings if p.file == "recipients.csv"] == []


def test_only_date_columns_are_touched():
    rows = [dict(row) for row in LEDGER]
    rows[0]["notes"] = "2023/8/30"
    problems: list = []
    frame = parse_csv("recipients.csv", csv_text(rows).encode(), problems)
    assert frame.loc[2, "notes"] == "2023/8/30" and problems == []
