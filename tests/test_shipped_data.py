"""The shipped figures: what data/*.csv says, checked against the research.

Everything here asserts facts of the shipped data, so a data update may need this file updated
and nothing else; the logic is tested on tests/helpers.py's small datasets elsewhere.
"""

import csv
import io

import pytest

from osa_map.data.budget import load_budget
from osa_map.data.colours import CONDITIONS, MIN_DELTA_E2000, closest_pair, min_pairwise_difference
from osa_map.data.dataset import load_dataset
from osa_map.data.schema import SOURCE_KINDS
from osa_map.render.webmap import NON_RECIPIENT_FILL
from tests.test_cli import call_main


@pytest.fixture(autouse=True)
def shipped_data(monkeypatch):
    """Read data/, whatever OSA_DATA_DIR says outside the tests."""
    monkeypatch.delenv("OSA_DATA_DIR", raising=False)


@pytest.fixture
def cli(capsys, monkeypatch):
    """The command line on the shipped data."""

    def run(*args: str):
        return call_main(capsys, monkeypatch, *args)

    return run


def cohorts_on(cli, as_of: str, *args: str) -> tuple[str, dict[str, str]]:
    result = cli("cohorts", "--as-of", as_of, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout, {row["iso3"]: row["cohort"] for row in csv.DictReader(io.StringIO(result.stdout))}


# --- recipients.csv, packages.csv, cohorts.csv (was in test_cli.py and test_cohorts_cli.py) ----------


def test_shipped_data_is_valid(cli):
    result = cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_article_view(cli):
    stdout, cohorts = cohorts_on(cli, "2024-03-31")
    assert stdout.splitlines()[0] == "iso3,country,cohort"
    assert cohorts["VNM"] == "fy2024_25"
    assert cohorts["IDN"] == cohorts["PNG"] == "prospective"
    assert list(cohorts) == sorted(cohorts)


def test_cohorts_after_the_autumn_2025_changes(cli):
    """Was test_default_is_today (today's date then: after the last of these rows); the date is now pinned."""
    _, cohorts = cohorts_on(cli, "2026-11-24")
    assert cohorts["VNM"] == "prospective"
    assert cohorts["IDN"] == cohorts["PNG"] == "fy2024_25"


# --- cohorts.csv's colours (was in test_colours.py) -------------------------------------------------


def test_shipped_cohort_colours_stay_distinct_for_every_reader():
    """Every pair of cohort colours, and each against the non-recipient grey, under each condition."""
    palette = [*load_dataset().cohorts["colour"], NON_RECIPIENT_FILL]
    differences = min_pairwise_difference(palette)
    assert set(differences) == set(CONDITIONS)
    too_close = {
        condition: closest_pair(palette, condition)
        for condition, difference in differences.items()
        if difference < MIN_DELTA_E2000
    }
    assert not too_close, f"colours too alike (ΔE2000 < {MIN_DELTA_E2000}); change data/cohorts.csv: {too_close}"


# --- budget.csv (was in test_budget.py) -------------------------------------------------------------


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
