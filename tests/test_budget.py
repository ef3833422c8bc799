"""budget.csv: the shipped figures match the research, and a broken file says what to fix."""

import pytest

from osa_map.budget import BUDGET_FILE, STAGES, load_budget, parse_budget
from osa_map.data import SOURCE_KINDS, DataError

HEADER = "fiscal_year,amount_jpy,amount_approx,stage,note,source_title,source_url,confidence\n"


def test_shipped_budget_matches_the_research():
    budget = load_budget()
    amounts = dict(zip(budget["fiscal_year"], budget["amount_jpy"], strict=True))
    assert amounts == {2023: 2_000_000_000, 2024: 5_000_000_000, 2025: 8_100_000_000, 2026: 18_100_000_000}
    stages = dict(zip(budget["fiscal_year"], budget["stage"], strict=True))
    assert stages[2023] == stages[2024] == stages[2025] == "initial_budget" and stages[2026] == "cabinet_proposal"
    approximate = dict(zip(budget["fiscal_year"], budget["amount_approx"], strict=True))
    assert approximate[2024] and approximate[2025] and not approximate[2023]


def test_every_row_links_its_source_or_the_note_says_why():
    budget = load_budget()
    for url, kind, note in zip(budget["source_url"], budget["source_kind"], budget["note"], strict=True):
        if url:
            assert url.startswith("https://") and kind in SOURCE_KINDS
        else:
            assert "URL not recorded" in note


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
