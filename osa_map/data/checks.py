"""Stage 2 of checking: pandera schemas built from data.schema check every cell, the header,
duplicate rows and references between files. Pandera's failure cases become `Problem`s phrased
for the editor; every problem is collected before any is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from urllib.parse import urlparse

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from osa_map.data.schema import (
    COHORT_COLUMNS,
    COHORTS_FILE,
    DATA_FILES,
    PACKAGE_COLUMNS,
    PACKAGES_FILE,
    RECIPIENT_COLUMNS,
    RECIPIENTS_FILE,
    Column,
    FileRules,
    Problem,
    Severity,
    is_valid_iso3,
)

# --- stage 2: checking every cell with pandera --------------------------------------------

# Names of the pandera checks; a failure case's check name says which message to give.
FILLED, WORTH_FILLING, WELL_FORMED = "filled", "worth_filling", "well_formed"
UNIQUE_ROWS, KNOWN_COUNTRY, UNIQUE_KEY = "unique_rows", "known_country", "unique_key"


def _iso3_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"[A-Z]{3}", value):
        return f'"{value}" is not an ISO 3166 alpha-3 code. Use three capital letters, e.g. PHL.'
    if not is_valid_iso3(value):
        return f'"{value}" is not a known ISO 3166 alpha-3 country code. Check the code, e.g. PHL for the Philippines.'
    return None


def _date_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        hint = " Excel may have changed it: format the column as Text." if re.search(r"\d+/\d+/\d+", value) else ""
        return f'"{value}" is not a date in the form YYYY-MM-DD. Write it like 2024-03-31.{hint}'
    try:
        date.fromisoformat(value)
    except ValueError:
        return f'"{value}" is not a real calendar date. Check the month and day.'
    return None


def _choice_message(value: str, column: Column) -> str | None:
    if value not in column.choices:
        allowed = ", ".join(column.choices)
        return f'"{value}" is not allowed here. Use one of: {allowed}.'
    return None


def _url_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"https?://[^\s<>\"]+", value) or not urlparse(value).netloc:
        return f'"{value}" is not a web link. Links must start with http:// or https://.'
    return None


def _year_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"(19|20)\d{2}", value):
        return f'"{value}" is not a fiscal year. Write the starting year, e.g. 2024 for FY2024.'
    return None


def _years_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"(19|20)\d{2}(;(19|20)\d{2})*", value):
        return f'"{value}" is not a list of fiscal years. Separate years with semicolons, e.g. 2023;2024.'
    years = [int(year) for year in value.split(";")]
    if years != sorted(set(years)):
        return f'"{value}" lists years out of order or twice. Write each year once, in ascending order.'
    return None


def _yen_message(value: str, column: Column) -> str | None:
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", value):
        return (
            f'"{value}" is in scientific notation, which Excel uses for long numbers. Format the column as '
            "Text and write the amount in digits, e.g. 600000000."
        )
    if not re.fullmatch(r"\d+", value):
        return f'"{value}" is not a whole number of yen. Write digits only, e.g. 600000000 for 600 million yen.'
    return None


def _int_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"-?\d+", value):
        return f'"{value}" is not a whole number.'
    return None


def _colour_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        return f'"{value}" is not a colour. Write it as # and six hex digits, e.g. #0072B2.'
    return None


def _key_message(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"[a-z0-9_]+", value):
        return f'"{value}" is not a valid key. Use lower-case letters, digits and underscores, e.g. fy2026.'
    return None


def _yes_message(value: str, column: Column) -> str | None:
    if value.lower() != "yes":
        return f'"{value}" is not allowed here. Write yes, or leave the cell empty.'
    return None


def _text_message(value: str, column: Column) -> str | None:
    return None


# Each returns None when a filled cell is fine, else a message quoting the value and saying how to fix it.
_CELL_MESSAGES: dict[str, Callable[[str, Column], str | None]] = {
    "iso3": _iso3_message,
    "date": _date_message,
    "choice": _choice_message,
    "url": _url_message,
    "year": _year_message,
    "years": _years_message,
    "yen": _yen_message,
    "int": _int_message,
    "colour": _colour_message,
    "key": _key_message,
    "yes": _yes_message,
    "text": _text_message,
}


def _schemas(rules: FileRules) -> tuple[pa.DataFrameSchema, pa.DataFrameSchema]:
    """Two pandera schemas for one file: what is an error, and what is only a warning."""
    errors: dict[str, pa.Column] = {}
    warnings: dict[str, pa.Column] = {}
    for column in rules.columns:
        message = _CELL_MESSAGES[column.kind]
        checks = [
            pa.Check(
                lambda value, column=column, message=message: value == "" or message(value, column) is None,
                element_wise=True,
                name=WELL_FORMED,
            )
        ]
        if not column.allow_empty:
            checks.append(pa.Check(lambda value: value != "", element_wise=True, name=FILLED))
        if column.name == "iso3" and rules.known_countries is not None:
            known = rules.known_countries
            checks.append(
                pa.Check(
                    lambda value, known=known: value == "" or value in known, element_wise=True, name=KNOWN_COUNTRY
                )
            )
        errors[column.name] = pa.Column(checks=checks, required=column.required, nullable=False)
        if column.empty_is_warning:
            warnings[column.name] = pa.Column(
                checks=[pa.Check(lambda value: value != "", element_wise=True, name=WORTH_FILLING)],
                required=False,
            )
    frame_checks = []
    if rules.unique:
        unique = list(rules.unique)
        frame_checks.append(
            pa.Check(
                lambda frame: ~frame.duplicated(unique, keep="first") if set(unique) <= set(frame) else True,
                name=UNIQUE_ROWS,
            )
        )
    # Every cell is read as text (dtype=str), and saying so matters beyond accuracy: with no
    # dtype, pandera imports geopandas (and pyproj, ~6 MB) at every validation, looking for
    # geometry columns (docs/performance.md).
    return (
        pa.DataFrameSchema(errors, checks=frame_checks, strict=False, name=rules.file, dtype=str),
        pa.DataFrameSchema(warnings, strict=False, name=rules.file, dtype=str),
    )


def check_tables(tables: Mapping[str, pd.DataFrame | None]) -> list[Problem]:
    """Every problem in the readable files' cells, headers and cross-file references."""
    problems: list[Problem] = []
    cohorts, ledger, packages = (tables.get(name) for name in DATA_FILES)
    cohort_keys: tuple[str, ...] | None = None
    if cohorts is not None:
        problems += check_frame(cohorts, FileRules(COHORTS_FILE, COHORT_COLUMNS, unique=("key",)))
        cohort_keys = tuple(dict.fromkeys(k for k in cohorts.get("key", []) if k))
    if ledger is not None:
        columns = RECIPIENT_COLUMNS
        if cohort_keys is not None:  # unreadable cohorts.csv is reported once, not on every ledger row
            columns = tuple(
                Column(c.name, "choice", allow_empty=False, choices=cohort_keys) if c.name == "cohort" else c
                for c in columns
            )
        else:
            columns = tuple(Column(c.name, "text", allow_empty=False) if c.name == "cohort" else c for c in columns)
        problems += check_frame(ledger, FileRules(RECIPIENTS_FILE, columns, unique=("iso3", "as_of")))
        problems += _country_name_warnings(ledger)
    if packages is not None:
        known = frozenset(ledger["iso3"]) if ledger is not None and "iso3" in ledger else None
        problems += check_frame(packages, FileRules(PACKAGES_FILE, PACKAGE_COLUMNS, known_countries=known))
    return problems


def check_frame(frame: pd.DataFrame, rules: FileRules) -> list[Problem]:
    """Run the file's pandera schemas lazily (all failures at once) and phrase each failure."""
    error_schema, warning_schema = _schemas(rules)
    problems: list[Problem] = []
    for schema, severity in ((error_schema, "error"), (warning_schema, "warning")):
        try:
            schema.validate(frame, lazy=True)
        except SchemaErrors as failure:
            problems += _problems_from_failures(failure.failure_cases, frame, rules, severity)
    return sorted(problems, key=lambda p: (p.row or 0, _column_position(rules, p.column)))


def _column_position(rules: FileRules, name: str | None) -> int:
    names = [column.name for column in rules.columns]
    return names.index(name) if name in names else len(names)


def _problems_from_failures(
    failures: pd.DataFrame, frame: pd.DataFrame, rules: FileRules, severity: Severity
) -> list[Problem]:
    by_name = {column.name: column for column in rules.columns}
    file = rules.file
    problems: list[Problem] = []
    seen_duplicate_rows: set[int] = set()
    for failure in failures.itertuples(index=False):
        check, column_name, value = failure.check, failure.column, failure.failure_case
        if check == "column_in_dataframe":
            problems.append(
                Problem(
                    file,
                    1,
                    str(value),
                    f"the required column is missing from the header row. Add a column named {value}.",
                )
            )
            continue
        row = int(failure.index)
        if check == UNIQUE_ROWS:
            if row in seen_duplicate_rows:
                continue  # pandera reports the row once per column; the editor needs it once
            seen_duplicate_rows.add(row)
            problems.append(_duplicate_problem(frame, rules, row))
        elif check == FILLED:
            problems.append(Problem(file, row, column_name, "this cell is empty but must be filled in."))
        elif check == WORTH_FILLING:
            problems.append(Problem(file, row, column_name, "this cell is empty; fill it in if you can.", severity))
        elif check == KNOWN_COUNTRY:
            problems.append(
                Problem(
                    file,
                    row,
                    column_name,
                    f'"{value}" has no row in {RECIPIENTS_FILE}. Add the country to {RECIPIENTS_FILE} first.',
                )
            )
        elif check == WELL_FORMED:
            message = _CELL_MESSAGES[by_name[column_name].kind](str(value), by_name[column_name])
            problems.append(Problem(file, row, column_name, message or f'"{value}" is not allowed here.'))
        else:  # a check pandera adds itself (e.g. a null cell); still said plainly
            problems.append(Problem(file, row, column_name, f'"{value}" failed the check {check}.'))
    return problems


def _duplicate_problem(frame: pd.DataFrame, rules: FileRules, row: int) -> Problem:
    key = list(rules.unique)
    values = frame.loc[row, key]
    first = int(frame.index[(frame[key] == values).all(axis=1)][0])
    said = ", ".join(f"{k} {frame.loc[row, k]}" for k in key)
    fix = "Give each change its own date, or merge the rows." if "as_of" in key else "Make each one different."
    return Problem(rules.file, row, key[-1], f"row {first} already has {said}. {fix}")


def _country_name_warnings(ledger: pd.DataFrame) -> list[Problem]:
    """A country is named one way on every row; a second spelling is probably a typo."""
    if not {"iso3", "country"} <= set(ledger.columns):
        return []
    problems = []
    first_name: dict[str, tuple[int, str]] = {}
    for row, iso3, name in zip(ledger.index, ledger["iso3"], ledger["country"], strict=True):
        if not iso3 or not name:
            continue
        first_row, first = first_name.setdefault(iso3, (int(row), name))
        if name != first:
            problems.append(
                Problem(
                    RECIPIENTS_FILE,
                    int(row),
                    "country",
                    f'"{name}" differs from "{first}" on row {first_row} for {iso3}. Spell the country the same '
                    "way on every row.",
                    "warning",
                )
            )
    return problems
