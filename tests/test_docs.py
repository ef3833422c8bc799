"""Documentation is tested: every column, status, confidence level and cohort is explained to editors."""

from pathlib import Path

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.data.schema import CONFIDENCE_LEVELS, EQUIPMENT_CATEGORIES, SCHEMAS, STATUSES

ROOT = Path(__file__).resolve().parent.parent
DATA_README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "column"), [(file, column.name) for file, columns in SCHEMAS.items() for column in columns]
)
def test_every_column_is_documented(file, column):
    assert file in DATA_README
    assert f"`{column}`" in DATA_README, f"{file} column {column} is not described in data/README.md"


@pytest.mark.parametrize("value", [*STATUSES, *CONFIDENCE_LEVELS, *EQUIPMENT_CATEGORIES])
def test_every_vocabulary_value_is_documented(value):
    assert f"`{value}`" in DATA_README


def test_every_shipped_cohort_is_documented():
    for key in load_dataset().cohorts["key"]:
        assert f"`{key}`" in DATA_README


def test_readme_gives_the_two_commands_and_ci_runs_the_second():
    assert "python -m pip install -r requirements.txt && python -m streamlit run app.py" in README
    assert "python scripts/run_tests.py" in README
    assert "python scripts/run_tests.py" in (ROOT / ".ci" / "run").read_text()
