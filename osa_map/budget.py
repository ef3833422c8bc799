"""The OSA budget by fiscal year (data/budget.csv): load and check it, as data.py does the ledger.

No Streamlit here. Problems are reported the way `python -m osa_map validate` reports them: file,
spreadsheet row (header = row 1), column, and what to do; every problem at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from osa_map.data import CONFIDENCE_LEVELS, DataError, Problem, data_directory, parse_csv

BUDGET_FILE = "budget.csv"
BUDGET_COLUMNS = (
    "fiscal_year",
    "amount_jpy",
    "amount_approx",
    "stage",
    "note",
    "source_title",
    "source_url",
    "confidence",
)
# How far a year's figure had got: the ministry's request, the Cabinet's proposal to the Diet, or
# the budget the Diet passed. Requests and proposals can still change, so the chart marks them.
STAGES = ("request", "cabinet_proposal", "initial_budget")
FINAL_STAGES = ("initial_budget",)


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
    table = parse_csv(BUDGET_FILE, data, problems)
    if table is not None:
        problems += check_budget(table)
    if any(p.severity == "error" for p in problems) or table is None:
        raise DataError(problems, directory)
    budget = table[list(BUDGET_COLUMNS)].copy()
    budget["fiscal_year"] = [int(v) for v in budget["fiscal_year"]]
    budget["amount_jpy"] = pd.Series([int(v) for v in budget["amount_jpy"]], index=budget.index, dtype="object")
    budget["amount_approx"] = [v.lower() == "yes" for v in budget["amount_approx"]]
    return budget.sort_values("fiscal_year").reset_index(drop=True)


def check_budget(table: pd.DataFrame) -> list[Problem]:
    """Every problem in the header and cells of budget.csv (a frame of text indexed by spreadsheet row)."""
    missing = [column for column in BUDGET_COLUMNS if column not in table.columns]
    if missing:
        return [
            Problem(
                BUDGET_FILE,
                1,
                column,
                f"the required column is missing from the header row. Add a column named {column}.",
            )
            for column in missing
        ]
    problems: list[Problem] = []
    seen_years: dict[str, int] = {}
    for row, record in table.iterrows():
        row = int(row)
        year = record["fiscal_year"]
        if not re.fullmatch(r"20\d\d", year):
            problems.append(
                Problem(
                    BUDGET_FILE,
                    row,
                    "fiscal_year",
                    f'"{year}" is not a fiscal year. Write the year it starts in, e.g. 2025.',
                )
            )
        elif year in seen_years:
            problems.append(
                Problem(
                    BUDGET_FILE,
                    row,
                    "fiscal_year",
                    f"row {seen_years[year]} already has fiscal year {year}. Keep one row per year.",
                )
            )
        else:
            seen_years[year] = row
        amount = record["amount_jpy"]
        if not re.fullmatch(r"\d+", amount):
            problems.append(
                Problem(
                    BUDGET_FILE,
                    row,
                    "amount_jpy",
                    f'"{amount}" is not a whole number of yen. Write digits only, e.g. 5000000000 for 5 billion yen.',
                )
            )
        if record["amount_approx"] and record["amount_approx"].lower() != "yes":
            problems.append(
                Problem(
                    BUDGET_FILE,
                    row,
                    "amount_approx",
                    f'"{record["amount_approx"]}" is not allowed here. Write yes, or leave the cell empty.',
                )
            )
        if record["stage"] not in STAGES:
            problems.append(
                Problem(
                    BUDGET_FILE, row, "stage", f'"{record["stage"]}" is not a stage. Use one of: {", ".join(STAGES)}.'
                )
            )
        if record["confidence"] not in CONFIDENCE_LEVELS:
            problems.append(
                Problem(
                    BUDGET_FILE,
                    row,
                    "confidence",
                    f'"{record["confidence"]}" is not allowed. Use one of: {", ".join(CONFIDENCE_LEVELS)}.',
                )
            )
        url = record["source_url"]
        if url and (urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc):
            problems.append(
                Problem(
                    BUDGET_FILE,
                    row,
                    "source_url",
                    f'"{url}" is not a web link. Start it with https://, or leave it empty.',
                )
            )
        if not record["source_title"]:
            problems.append(
                Problem(BUDGET_FILE, row, "source_title", "this cell is empty; fill it in if you can.", "warning")
            )
    return problems
