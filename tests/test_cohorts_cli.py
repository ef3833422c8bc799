"""`python -m osa_map cohorts [--as-of DATE] [--lang en|ja]`: the ledger's cohorts as CSV on a date.

On the small dataset of tests/helpers.py; what the shipped ledger says is in test_shipped_data.py.
"""

import csv
import io
from datetime import date

import pytest

import osa_map.cli
from tests.helpers import LEDGER, write_dataset
from tests.test_cli import call_main, run_cli

PINNED_TODAY = date(2026, 11, 24)


def rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("cohorts") / "data")


@pytest.fixture
def cli(capsys, monkeypatch, data_dir):
    def run(*args: str, env_data_dir=data_dir):
        return call_main(capsys, monkeypatch, *args, env_data_dir=env_data_dir)

    return run


def test_seed_article_view(data_dir):
    """The smoke test of the real `python -m osa_map cohorts`."""
    result = run_cli("cohorts", "--as-of", "2024-03-31", env_data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "iso3,country,cohort"
    cohorts = {row["iso3"]: row["cohort"] for row in rows(result.stdout)}
    assert cohorts == {"FJI": "inaugural", "PHL": "inaugural", "VNM": "fy2024_25"}  # PNG not known yet
    assert list(cohorts) == sorted(cohorts)


def test_default_is_today(cli, monkeypatch):
    class PinnedDate(date):
        @classmethod
        def today(cls):
            return PINNED_TODAY

    monkeypatch.setattr(osa_map.cli, "date", PinnedDate)
    result = cli("cohorts")
    assert result.returncode == 0, result.stderr
    cohorts = {row["iso3"]: row["cohort"] for row in rows(result.stdout)}
    assert cohorts["VNM"] == "prospective"
    assert cohorts["PNG"] == "fy2024_25"
    assert result.stdout == cli("cohorts", "--as-of", PINNED_TODAY.isoformat()).stdout


def test_japanese_country_names(cli):
    result = cli("cohorts", "--as-of", "2024-03-31", "--lang", "ja")
    assert result.returncode == 0
    names = {row["iso3"]: row["country"] for row in rows(result.stdout)}
    assert names["VNM"] == "ベトナム"
    assert names["PHL"] == "フィリピン"


def test_before_the_first_row_prints_only_the_header(cli):
    result = cli("cohorts", "--as-of", "2020-01-01")
    assert result.returncode == 0 and result.stdout == "iso3,country,cohort\n"


def test_bad_date_or_language_exits_2(cli):
    assert cli("cohorts", "--as-of", "2024-02-30").returncode == 2
    assert cli("cohorts", "--as-of", "31/03/2024").returncode == 2
    assert cli("cohorts", "--lang", "fr").returncode == 2


def test_invalid_data_exits_1_with_problems(tmp_path, cli):
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    result = cli("cohorts", env_data_dir=write_dataset(tmp_path / "data", ledger=ledger))
    assert result.returncode == 1
    assert result.stdout == ""  # a script reading stdout never mistakes problems for data
    assert "recipients.csv, row 2, column as_of" in result.stderr
