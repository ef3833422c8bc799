"""`python -m osa_map cohorts [--as-of DATE] [--lang en|ja]`: the ledger's cohorts as CSV on a date."""

import csv
import io

from tests.helpers import LEDGER, write_dataset
from tests.test_cli import run_cli


def rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_seed_article_view():
    result = run_cli("cohorts", "--as-of", "2024-03-31")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "iso3,country,cohort"
    cohorts = {row["iso3"]: row["cohort"] for row in rows(result.stdout)}
    assert cohorts["VNM"] == "fy2024_25"
    assert cohorts["IDN"] == cohorts["PNG"] == "prospective"
    assert list(cohorts) == sorted(cohorts)


def test_default_is_today():
    cohorts = {row["iso3"]: row["cohort"] for row in rows(run_cli("cohorts").stdout)}
    assert cohorts["VNM"] == "prospective"
    assert cohorts["IDN"] == cohorts["PNG"] == "fy2024_25"


def test_japanese_country_names():
    result = run_cli("cohorts", "--as-of", "2024-03-31", "--lang", "ja")
    assert result.returncode == 0
    names = {row["iso3"]: row["country"] for row in rows(result.stdout)}
    assert names["VNM"] == "ベトナム"
    assert names["PHL"] == "フィリピン"


def test_before_the_first_row_prints_only_the_header(tmp_path):
    result = run_cli("cohorts", "--as-of", "2020-01-01")
    assert result.returncode == 0 and result.stdout == "iso3,country,cohort\n"


def test_bad_date_or_language_exits_2():
    assert run_cli("cohorts", "--as-of", "2024-02-30").returncode == 2
    assert run_cli("cohorts", "--as-of", "31/03/2024").returncode == 2
    assert run_cli("cohorts", "--lang", "fr").returncode == 2


def test_invalid_data_exits_1_with_problems(tmp_path):
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    result = run_cli("cohorts", env_data_dir=write_dataset(tmp_path / "data", ledger=ledger))
    assert result.returncode == 1
    assert result.stdout == ""  # a script reading stdout never mistakes problems for data
    assert "recipients.csv, row 2, column as_of" in result.stderr
