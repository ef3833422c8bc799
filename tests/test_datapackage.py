"""data/datapackage.json: the Frictionless Data Package that publishes the CSVs as open data.

frictionless is a second, independent validator beside the app's own (pandera) checks: both must
accept the shipped data, both must reject a broken copy, and the package's schema must describe
exactly the columns and vocabularies the code uses.
"""

import csv
import json
import shutil
from pathlib import Path

import pytest
from frictionless import validate

from osa_map.data.budget import STAGES, load_budget
from osa_map.data.dataset import load_dataset
from osa_map.data.regions import REGION_KEYS
from osa_map.data.schema import CONFIDENCE_LEVELS, EQUIPMENT_CATEGORIES, SOURCE_KINDS, STATUSES, DataError

DATA = Path(__file__).resolve().parent.parent / "data"
DESCRIPTOR = DATA / "datapackage.json"
CSV_FILES = ("cohorts.csv", "recipients.csv", "packages.csv", "budget.csv", "regions.csv")


def package() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def fields(resource: str) -> dict[str, dict]:
    found = [r for r in package()["resources"] if r["name"] == resource]
    assert len(found) == 1, f"datapackage.json has no single resource named {resource}"
    return {field["name"]: field for field in found[0]["schema"]["fields"]}


def problems(report) -> str:
    """Every error frictionless found, one per line, for the assertion message."""
    lines = [f"{error.type}: {error.message}" for error in report.errors]
    for task in report.tasks:
        lines += [f"{task.name}: {error.type}: {error.message}" for error in task.errors]
    return "\n".join(lines)


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return next(csv.reader(file))


def test_frictionless_validates_the_shipped_package():
    report = validate(str(DESCRIPTOR))
    assert report.valid, "frictionless validate data/datapackage.json:\n" + problems(report)
    assert {task.name for task in report.tasks} == {name.removesuffix(".csv") for name in CSV_FILES}


def test_both_validators_accept_the_shipped_data():
    dataset = load_dataset(DATA)  # pandera: raises DataError listing every problem
    assert not [p for p in dataset.warnings if p.severity == "error"]
    load_budget(DATA)
    report = validate(str(DESCRIPTOR))
    assert report.valid, problems(report)


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_csv_column_is_in_the_schema_and_back(name):
    resource = name.removesuffix(".csv")
    assert list(fields(resource)) == header(DATA / name)


def test_every_csv_is_a_resource():
    assert sorted(r["path"] for r in package()["resources"]) == sorted(CSV_FILES)


@pytest.mark.parametrize(
    ("resource", "field", "vocabulary"),
    [
        ("recipients", "status", tuple(STATUSES)),
        ("recipients", "confidence", CONFIDENCE_LEVELS),
        ("recipients", "source_kind", SOURCE_KINDS),
        ("recipients", "source2_kind", SOURCE_KINDS),
        ("packages", "category", EQUIPMENT_CATEGORIES),
        ("packages", "confidence", CONFIDENCE_LEVELS),
        ("packages", "source_kind", SOURCE_KINDS),
        ("packages", "source2_kind", SOURCE_KINDS),
        ("budget", "stage", STAGES),
        ("budget", "confidence", CONFIDENCE_LEVELS),
        ("budget", "source_kind", SOURCE_KINDS),
        ("regions", "region_key", REGION_KEYS),
    ],
)
def test_enums_are_the_codes_vocabularies(resource, field, vocabulary):
    assert fields(resource)[field]["constraints"]["enum"] == list(vocabulary)


def test_keys_licence_and_version():
    descriptor = package()
    resources = {r["name"]: r["schema"] for r in descriptor["resources"]}
    assert resources["recipients"]["primaryKey"] == ["iso3", "as_of"]
    assert resources["cohorts"]["primaryKey"] == ["key"]
    assert resources["budget"]["primaryKey"] == ["fiscal_year"]
    assert {"fields": ["cohort"], "reference": {"resource": "cohorts", "fields": ["key"]}} in resources["recipients"][
        "foreignKeys"
    ]
    assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert descriptor["version"] == (DATA / "VERSION").read_text(encoding="utf-8").strip()
    assert f"## {descriptor['version']}" in (DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    assert fields("recipients")["iso3"]["constraints"]["pattern"] == "^[A-Z]{3}$"


def broken_copy(tmp_path: Path, edit) -> Path:
    """A copy of data/ whose recipients.csv lines are changed by `edit`."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("boundaries", "history", ".last_good"))
    path = copy / "recipients.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("edit", "error_type"),
    [
        (lambda lines: [lines[0], lines[1].replace(",selected,", ",maybe,", 1), *lines[2:]], "constraint-error"),
        (lambda lines: [*lines, lines[1]], "primary-key"),
        (lambda lines: [lines[0], lines[1].replace(",inaugural,", ",fy2099,", 1), *lines[2:]], "foreign-key"),
    ],
    ids=["unknown-status", "duplicate-iso3-as_of", "unknown-cohort"],
)
def test_a_broken_copy_fails_both_validators(tmp_path, edit, error_type):
    copy = broken_copy(tmp_path, edit)
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert error_type in {error.type for task in report.tasks for error in task.errors}, problems(report)
    with pytest.raises(DataError):
        load_dataset(copy)
