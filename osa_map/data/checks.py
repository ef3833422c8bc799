"""Stage 2 of checking: pandera schemas built from data.schema check every cell, the header,
duplicate rows and references between files. Pandera's failure cases become `Problem`s phrased
for the editor (catalogue text, keys problem.*, so the app can show it in the editor's language);
every problem is collected before any is reported.
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
    Phrase,
    Problem,
    Severity,
    is_valid_iso3,
    phrase,
)

# --- stage 2: checking every cell with pandera --------------------------------------------

# Names of the pandera checks; a failure case's check name says which message to give.
FILLED, WORTH_FILLING, WELL_FORMED = "filled", "worth_filling", "well_formed"
UNIQUE_ROWS, KNOWN_COUNTRY, UNIQUE_KEY = "unique_rows", "known_country", "unique_key"


def _iso3_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"[A-Z]{3}", value):
        return phrase("problem.iso3_form", value=value)
    if not is_valid_iso3(value):
        return phrase("problem.iso3_unknown", value=value)
    return None


def _date_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        # Day and month first (03/04/2024) is 3 April or 4 March depending on the computer: never guessed.
        key = "problem.date_excel" if re.search(r"\d+/\d+/\d+", value) else "problem.date_form"
        return phrase(key, value=value)
    try:
        date.fromisoformat(value)
    except ValueError:
        return phrase("problem.date_unreal", value=value)
    return None


def _choice_message(value: str, column: Column) -> Phrase | None:
    if value not in column.choices:
        return phrase("problem.choice", value=value, allowed=", ".join(column.choices))
    return None


def _url_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"https?://[^\s<>\"]+", value) or not urlparse(value).netloc:
        return phrase("problem.url", value=value)
    return None


def _year_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"(19|20)\d{2}", value):
        return phrase("problem.year", value=value)
    return None


def _years_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"(19|20)\d{2}(;(19|20)\d{2})*", value):
        return phrase("problem.years_form", value=value)
    years = [int(year) for year in value.split(";")]
    if years != sorted(set(years)):
        return phrase("problem.years_order", value=value)
    return None


def _yen_message(value: str, column: Column) -> Phrase | None:
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", value):
        return phrase("problem.yen_scientific", value=value)
    if not re.fullmatch(r"\d+", value):
        return phrase("problem.yen", value=value)
    return None


def _int_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"-?\d+", value):
        return phrase("problem.int", value=value)
    return None


def _colour_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        return phrase("problem.colour", value=value)
    return None


def _key_message(value: str, column: Column) -> Phrase | None:
    if not re.fullmatch(r"[a-z0-9_]+", value):
        return phrase("problem.key", value=value)
    return None


def _yes_message(value: str, column: Column) -> Phrase | None:
    if value.lower() != "yes":
        return phrase("problem.yes", value=value)
    return None


def _text_message(value: str, column: Column) -> Phrase | None:
    return None


# Each returns None when a filled cell is fine, else a message quoting the value and saying how to fix it.
_CELL_MESSAGES: dict[str, Callable[[str, Column], Phrase | None]] = {
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
            problems.append(Problem.said_as(file, 1, str(value), "problem.column_missing", value=value))
            continue
        row = int(failure.index)
        if check == UNIQUE_ROWS:
            if row in seen_duplicate_rows:
                continue  # pandera reports the row once per column; the editor needs it once
            seen_duplicate_rows.add(row)
            problems.append(_duplicate_problem(frame, rules, row))
        elif check == FILLED:
            problems.append(Problem.said_as(file, row, column_name, "problem.must_fill"))
        elif check == WORTH_FILLING:
            problems.append(Problem.said_as(file, row, column_name, "problem.worth_filling", severity))
        elif check == KNOWN_COUNTRY:
            problems.append(
                Problem.said_as(file, row, column_name, "problem.unknown_country", value=value, ledger=RECIPIENTS_FILE)
            )
        elif check == WELL_FORMED:
            said = _CELL_MESSAGES[by_name[column_name].kind](str(value), by_name[column_name])
            said = said or phrase("problem.not_allowed", value=value)
            problems.append(Problem(file, row, column_name, said.text("en"), "error", said))
        else:  # a check pandera adds itself (e.g. a null cell); still said plainly
            problems.append(Problem.said_as(file, row, column_name, "problem.failed_check", value=value, check=check))
    return problems


def _duplicate_problem(frame: pd.DataFrame, rules: FileRules, row: int) -> Problem:
    key = list(rules.unique)
    values = frame.loc[row, key]
    first = int(frame.index[(frame[key] == values).all(axis=1)][0])
    values = ", ".join(f"{k} {frame.loc[row, k]}" for k in key)
    fix = phrase("problem.duplicate_dated" if "as_of" in key else "problem.duplicate_other")
    return Problem.said_as(rules.file, row, key[-1], "problem.duplicate", first=first, values=values, fix=fix)


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
                Problem.said_as(
                    RECIPIENTS_FILE,
                    int(row),
                    "country",
                    "problem.country_spelling",
                    "warning",
                    name=name,
                    first=first,
                    first_row=first_row,
                    iso3=iso3,
                )
            )
    return problems
