"""The OSA budget by fiscal year (data/budget.csv): load and check it with data.py's own checks.

No Streamlit here. Problems are reported the way `python -m osa_map validate` reports them: file,
spreadsheet row (header = row 1), column, and what to do; every problem at once.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from osa_map.data.checks import check_frame
from osa_map.data.dataset import data_directory, typed_frame
from osa_map.data.reading import parse_csv
from osa_map.data.schema import CONFIDENCE_LEVELS, SOURCE_KINDS, Column, DataError, FileRules, Problem

BUDGET_FILE = "budget.csv"
# How far a year's figure had got: the ministry's request, the Cabinet's proposal to the Diet, or
# the budget the Diet passed. Requests and proposals can still change, so the chart marks them.
STAGES = ("request", "cabinet_proposal", "initial_budget")
FINAL_STAGES = ("initial_budget",)
BUDGET_RULES = FileRules(
    BUDGET_FILE,
    (
        Column("fiscal_year", "year", allow_empty=False),
        Column("amount_jpy", "yen", allow_empty=False),
        Column("amount_approx", "yes"),
        Column("stage", "choice", allow_empty=False, choices=STAGES),
        Column("note", "text"),
        Column("source_title", "text", empty_is_warning=True),
        Column("source_url", "url"),
        Column("source_kind", "choice", required=False, choices=SOURCE_KINDS),
        Column("confidence", "choice", allow_empty=False, choices=CONFIDENCE_LEVELS),
    ),
    unique=("fiscal_year",),  # one row per year
)
BUDGET_COLUMNS = tuple(column.name for column in BUDGET_RULES.columns)


def load_budget(directory: Path | None = None) -> pd.DataFrame:
    """budget.csv as a frame sorted by fiscal year (fiscal_year and amount_jpy as int, amount_approx as
    bool); raise DataError listing every problem."""
    directory = directory or data_directory()
    path = directory / BUDGET_FILE
    if not path.is_file():
        raise DataError([Problem(BUDGET_FILE, None, None, f"the file is missing from {directory}.")], directory)
    return parse_budget(path.read_bytes(), directory)


def parse_budget(data: bytes, directory: Path | None = None) -> pd.DataFrame:
    problems: list[Problem] = []
    table = parse_csv(BUDGET_FILE, data, problems, BUDGET_RULES.columns)
    if table is not None:
        problems += check_frame(table, BUDGET_RULES)
    if any(p.severity == "error" for p in problems) or table is None:
        raise DataError(problems, directory)
    budget = typed_frame(table, BUDGET_RULES.columns)[list(BUDGET_COLUMNS)]
    budget["fiscal_year"] = budget["fiscal_year"].astype(int)  # never empty: a plain integer column
    return budget.sort_values("fiscal_year").reset_index(drop=True)
