"""budget.csv: a valid file is typed, and a broken file says what to fix (the shipped figures: test_shipped_data.py)."""

import pytest

from osa_map.data.budget import BUDGET_FILE, STAGES, load_budget, parse_budget
from osa_map.data.schema import DataError

HEADER = "fiscal_year,amount_jpy,amount_approx,stage,note,source_title,source_url,confidence\n"


def test_a_valid_file_is_typed_and_sorted(tmp_path):
    """What the shipped figures' test reads (test_shipped_data.py), on a small file of this test's own."""
    (tmp_path / BUDGET_FILE).write_text(
        HEADER
        + '2025,8100000000,yes,cabinet_proposal,"Later, URL not recorded.",Source B,,reported\n'
        + "2023,2000000000,,initial_budget,First.,Source A,https://example.org/a,confirmed\n",
        encoding="utf-8",
    )
    budget = load_budget(tmp_path)
    assert list(budget["fiscal_year"]) == [2023, 2025]
    assert list(budget["amount_jpy"]) == [2_000_000_000, 8_100_000_000]
    assert [bool(value) for value in budget["amount_approx"]] == [False, True]
    assert list(budget["stage"]) == ["initial_budget", "cabinet_proposal"]
    assert list(budget["source_url"]) == ["https://example.org/a", ""]
    assert budget.loc[1, "note"] == "Later, URL not recorded."


def test_every_problem_is_reported_at_once():
    data = (HEADER + "2024,5 billion,maybe,guess,,,ftp://x,sure\n2024,1,,request,,Source,,reported\n").encode()
    with pytest.raises(DataError) as raised:
        parse_budget(data)
    where = {(p.row, p.column) for p in raised.value.problems if p.severity == "error"}
    assert where == {
        (2, "amount_jpy"),
        (2, "amount_approx"),
        (2, "stage"),
        (2, "source_url"),
        (2, "confidence"),
        (3, "fiscal_year"),
    }
    assert all(p.file == BUDGET_FILE for p in raised.value.problems)
    assert any(", ".join(STAGES) in p.message for p in raised.value.problems)
    # Its own columns are known: no "the app does not read a column" warning for any of them.
    assert not [p for p in raised.value.problems if p.row == 1]


def test_missing_column_and_missing_file(tmp_path):
    with pytest.raises(DataError) as raised:
        parse_budget(b"fiscal_year,amount_jpy\n2023,1\n")
    assert {p.column for p in raised.value.problems} >= {"stage", "confidence"}
    with pytest.raises(DataError) as raised:
        load_budget(tmp_path)
    assert "missing" in str(raised.value)


def test_semicolon_file_gets_the_excel_hint():
    with pytest.raises(DataError) as raised:
        parse_budget(HEADER.replace(",", ";").encode())
    assert "semicolons" in raised.value.problems[0].message
