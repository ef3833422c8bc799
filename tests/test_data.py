"""The loader and the as-of logic: the ledger decides what the map shows on a given date."""

from datetime import date

import pytest

from osa_map.data.dataset import fingerprint, load_dataset
from osa_map.data.schema import DataError
from osa_map.model.standings import recipients_as_of
from tests.helpers import LEDGER, ledger_row, write_dataset


@pytest.fixture
def dataset(tmp_path):
    return load_dataset(write_dataset(tmp_path / "data"))


def test_loads_typed_frames(dataset):
    assert list(dataset.cohorts["key"]) == ["inaugural", "fy2024_25", "prospective"]
    assert dataset.ledger["as_of"].map(type).eq(date).all()
    assert dataset.packages.loc[0, "amount_jpy"] == 600_000_000
    assert bool(dataset.packages.loc[1, "amount_approx"]) is True


def test_as_of_takes_each_countrys_latest_row_on_or_before_the_date(dataset):
    early_2024 = recipients_as_of(dataset.ledger, date(2024, 3, 31))
    assert early_2024.loc["VNM", "cohort"] == "fy2024_25"
    assert early_2024.loc["PHL", "status"] == "agreed"
    assert "PNG" not in early_2024.index  # not yet known in early 2024

    today = recipients_as_of(dataset.ledger, date(2026, 11, 24))
    assert today.loc["VNM", "cohort"] == "prospective"
    assert today.loc["PHL", "status"] == "delivered"
    assert today.loc["PNG", "cohort"] == "fy2024_25"


def test_as_of_includes_a_change_dated_that_very_day(dataset):
    assert recipients_as_of(dataset.ledger, date(2026, 2, 11)).loc["PHL", "status"] == "delivered"
    assert recipients_as_of(dataset.ledger, date(2026, 2, 10)).loc["PHL", "status"] == "agreed"


def test_before_the_programme_nobody_is_shown(dataset):
    assert recipients_as_of(dataset.ledger, date(2022, 1, 1)).empty


def test_fingerprint_changes_when_a_file_changes(tmp_path):
    directory = write_dataset(tmp_path / "data")
    before = fingerprint(directory)
    (directory / "recipients.csv").write_text((directory / "recipients.csv").read_text() + "\n")
    assert fingerprint(directory) != before


def test_spreadsheet_quirks_are_accepted(tmp_path):
    directory = write_dataset(tmp_path / "data")
    path = directory / "recipients.csv"
    text = path.read_text().replace(",Philippines,", ", Philippines ,")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode() + b"\r\n\r\n")
    dataset = load_dataset(directory)
    assert dataset.ledger.loc[dataset.ledger["iso3"] == "PHL", "country"].iloc[0] == "Philippines"


@pytest.mark.parametrize(
    ("change", "row", "column", "fragment"),
    [
        ({"as_of": "2024-13-01"}, 2, "as_of", "not a real calendar date"),
        ({"as_of": "31/03/2024"}, 2, "as_of", "YYYY-MM-DD"),
        ({"iso3": "XYZ"}, 2, "iso3", "not a known ISO 3166"),
        ({"iso3": "ph"}, 2, "iso3", "three capital letters"),
        ({"cohort": "fy2099"}, 2, "cohort", "Use one of: inaugural, fy2024_25, prospective"),
        ({"status": "maybe"}, 2, "status", "Use one of: candidate"),
        ({"source_url": "javascript:alert(1)"}, 2, "source_url", "http:// or https://"),
        ({"fiscal_years": "2023, 2024"}, 2, "fiscal_years", "semicolons"),
        ({"country": ""}, 2, "country", "must be filled in"),
    ],
)
def test_bad_cells_name_file_row_column_and_fix(tmp_path, change, row, column, fragment):
    ledger = [dict(LEDGER[0], **change), *LEDGER[1:]]
    with pytest.raises(DataError) as caught:
        load_dataset(write_dataset(tmp_path / "data", ledger=ledger))
    problems = [p for p in caught.value.problems if p.severity == "error"]
    assert [(p.file, p.row, p.column) for p in problems] == [("recipients.csv", row, column)]
    assert fragment in problems[0].message


def test_every_problem_is_reported_at_once(tmp_path):
    ledger = [dict(LEDGER[0], as_of="bad"), dict(LEDGER[1], status="bad"), *LEDGER[2:]]
    with pytest.raises(DataError) as caught:
        load_dataset(write_dataset(tmp_path / "data", ledger=ledger))
    assert {(p.row, p.column) for p in caught.value.problems if p.severity == "error"} == {
        (2, "as_of"),
        (3, "status"),
    }


def test_duplicate_country_and_date_is_an_error(tmp_path):
    ledger = [*LEDGER, ledger_row("PHL", "Philippines", "2023-11-03", "inaugural", "agreed")]
    with pytest.raises(DataError) as caught:
        load_dataset(write_dataset(tmp_path / "data", ledger=ledger))
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert (problem.row, problem.column) == (len(ledger) + 1, "as_of")
    assert "row 2 already has" in problem.message


def test_missing_required_column_is_named(tmp_path):
    ledger = [{k: v for k, v in row.items() if k != "status"} for row in LEDGER]
    with pytest.raises(DataError) as caught:
        load_dataset(write_dataset(tmp_path / "data", ledger=ledger))
    assert any(p.column == "status" and p.row == 1 for p in caught.value.problems)


def test_package_for_unknown_country_is_an_error(tmp_path):
    from tests.helpers import PACKAGES

    packages = [dict(PACKAGES[0], iso3="IDN")]
    with pytest.raises(DataError) as caught:
        load_dataset(write_dataset(tmp_path / "data", packages=packages))
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert (problem.file, problem.row, problem.column) == ("packages.csv", 2, "iso3")


def test_missing_source_is_a_warning_not_an_error(tmp_path):
    ledger = [dict(LEDGER[0], source_url=""), *LEDGER[1:]]
    dataset = load_dataset(write_dataset(tmp_path / "data", ledger=ledger))
    warnings = [(w.row, w.column, w.severity) for w in dataset.warnings if w.file == "recipients.csv"]
    assert warnings == [(2, "source_url", "warning")]


def test_missing_file_and_folder_are_reported(tmp_path):
    directory = write_dataset(tmp_path / "data")
    (directory / "packages.csv").unlink()
    with pytest.raises(DataError) as caught:
        load_dataset(directory)
    assert caught.value.problems[0].file == "packages.csv"
    with pytest.raises(DataError):
        load_dataset(tmp_path / "nowhere")


def test_data_dir_environment_variable(tmp_path, monkeypatch):
    from osa_map.data.dataset import data_directory

    monkeypatch.setenv("OSA_DATA_DIR", str(tmp_path))
    assert data_directory() == tmp_path.resolve()
