"""Load the editors' CSV files into typed frames, with errors an editor can act on.

Data flows one way: CSV -> validated frames -> map and panels. Nothing here imports
streamlit, so `python -m osa_map validate` works without a server.

Rows are reported as a spreadsheet shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd
import pycountry

DATA_DIR_ENV = "OSA_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

COHORTS_FILE = "cohorts.csv"
RECIPIENTS_FILE = "recipients.csv"
PACKAGES_FILE = "packages.csv"
DATA_FILES = (COHORTS_FILE, RECIPIENTS_FILE, PACKAGES_FILE)

# Status and confidence vocabularies are part of the programme's meaning, not of one
# release's data, so they live here; cohorts change every fiscal year and live in cohorts.csv.
STATUSES: dict[str, str] = {
    "candidate": "Candidate: reported as planned or under consideration",
    "selected": "Selected: named in a fiscal year's allocation; notes not yet exchanged",
    "agreed": "Agreed: exchange of notes signed",
    "delivered": "Delivered: equipment handed over, at least in part",
}
STATUS_LABELS: dict[str, str] = {key: text.split(":")[0] for key, text in STATUSES.items()}
CONFIDENCE_LEVELS = ("confirmed", "reported", "unconfirmed")
EQUIPMENT_CATEGORIES = ("surveillance", "maritime", "engineering", "mixed")

# Kosovo has no ISO 3166 code; XKX is the code the EU and IMF use and Natural Earth maps.
EXTRA_ISO3_CODES = {"XKX"}

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one cell (or row, or file), phrased for the editor who must fix it."""

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """Raised when the data files cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], directory: Path | None = None) -> None:
        self.problems = problems
        self.directory = directory
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(
            f"{len(errors)} problem(s) in the data files"
            + (f" in {directory}" if directory else "")
            + ":\n"
            + "\n".join(f"- {p}" for p in errors)
        )


@dataclass(frozen=True)
class Column:
    """What one CSV column must hold; `kind` picks the check and the conversion."""

    name: str
    kind: Literal["text", "key", "iso3", "date", "choice", "url", "year", "years", "yen", "colour", "int", "yes"]
    required: bool = True  # the column must be present in the header
    allow_empty: bool = True
    choices: tuple[str, ...] = ()
    empty_is_warning: bool = False  # empty is allowed but worth telling the editor


COHORT_COLUMNS = (
    Column("key", "key", allow_empty=False),
    Column("label", "text", allow_empty=False),
    Column("colour", "colour", allow_empty=False),
    Column("order", "int", allow_empty=False),
    Column("description", "text"),
)

RECIPIENT_COLUMNS = (
    Column("iso3", "iso3", allow_empty=False),
    Column("country", "text", allow_empty=False),
    Column("as_of", "date", allow_empty=False),
    Column("cohort", "choice", allow_empty=False),  # choices come from cohorts.csv
    Column("status", "choice", allow_empty=False, choices=tuple(STATUSES)),
    Column("fiscal_years", "years", required=False),
    Column("summary", "text", required=False),
    Column("confidence", "choice", required=False, choices=CONFIDENCE_LEVELS, empty_is_warning=True),
    Column("source_title", "text", empty_is_warning=True),
    Column("source_url", "url", empty_is_warning=True),
    Column("source2_title", "text", required=False),
    Column("source2_url", "url", required=False),
    Column("last_reviewed", "date", required=False),
    Column("notes", "text", required=False),
)

PACKAGE_COLUMNS = (
    Column("iso3", "iso3", allow_empty=False),
    Column("fiscal_year", "year", allow_empty=False),
    Column("notes_date", "date"),
    Column("notes_place", "text", required=False),
    Column("amount_jpy", "yen"),
    Column("amount_approx", "yes", required=False),
    Column("equipment", "text", allow_empty=False),
    Column("category", "choice", required=False, choices=EQUIPMENT_CATEGORIES),
    Column("recipient_unit", "text", required=False),
    Column("confidence", "choice", required=False, choices=CONFIDENCE_LEVELS, empty_is_warning=True),
    Column("source_title", "text", empty_is_warning=True),
    Column("source_url", "url", empty_is_warning=True),
    Column("source2_title", "text", required=False),
    Column("source2_url", "url", required=False),
    Column("notes", "text", required=False),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    COHORTS_FILE: COHORT_COLUMNS,
    RECIPIENTS_FILE: RECIPIENT_COLUMNS,
    PACKAGES_FILE: PACKAGE_COLUMNS,
}


@dataclass(frozen=True)
class Dataset:
    """The validated data: cohorts, the dated recipients ledger, and packages."""

    cohorts: pd.DataFrame  # key, label, colour, order, description; sorted by order
    ledger: pd.DataFrame  # one row per country per dated change; as_of is a datetime.date
    packages: pd.DataFrame  # one row per exchange of notes
    directory: Path
    fingerprint: str
    warnings: tuple[Problem, ...] = field(default=())

    def cohort_label(self, key: str) -> str:
        match = self.cohorts.loc[self.cohorts["key"] == key, "label"]
        return str(match.iloc[0]) if len(match) else key


def data_directory() -> Path:
    """The folder the app and CLI read: $OSA_DATA_DIR if set, else the shipped data/."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else DEFAULT_DATA_DIR


def fingerprint(directory: Path) -> str:
    """A hash of the data files' bytes: a cache key that changes exactly when an editor saves."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = directory / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()[:16]


def load_dataset(directory: Path | None = None) -> Dataset:
    """Read and validate every data file; raise DataError listing all errors at once."""
    directory = directory or data_directory()
    problems: list[Problem] = []
    if not directory.is_dir():
        raise DataError(
            [Problem(str(directory), None, None, f"the data folder does not exist. Check {DATA_DIR_ENV}.")],
            directory,
        )
    frames = {name: _read_csv(directory / name, problems) for name in DATA_FILES}
    cohort_keys: tuple[str, ...] = ()
    if frames[COHORTS_FILE] is not None:
        _check_columns(COHORTS_FILE, frames[COHORTS_FILE], COHORT_COLUMNS, problems)
        cohort_keys = tuple(k for k in frames[COHORTS_FILE].get("key", []) if k)
    if frames[RECIPIENTS_FILE] is not None:
        _check_columns(RECIPIENTS_FILE, frames[RECIPIENTS_FILE], RECIPIENT_COLUMNS, problems, cohort_keys)
        _check_unique(RECIPIENTS_FILE, frames[RECIPIENTS_FILE], ("iso3", "as_of"), problems)
    if frames[PACKAGES_FILE] is not None:
        _check_columns(PACKAGES_FILE, frames[PACKAGES_FILE], PACKAGE_COLUMNS, problems)
        if frames[RECIPIENTS_FILE] is not None:
            _check_package_countries(frames[PACKAGES_FILE], frames[RECIPIENTS_FILE], problems)

    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(problems, directory)
    cohorts = _typed(frames[COHORTS_FILE], COHORT_COLUMNS).sort_values("order", kind="stable")
    return Dataset(
        cohorts=cohorts.reset_index(drop=True),
        ledger=_typed(frames[RECIPIENTS_FILE], RECIPIENT_COLUMNS).sort_values(["iso3", "as_of"]).reset_index(drop=True),
        packages=_typed(frames[PACKAGES_FILE], PACKAGE_COLUMNS),
        directory=directory,
        fingerprint=fingerprint(directory),
        warnings=tuple(problems),
    )


def recipients_as_of(ledger: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Each country's standing on `as_of`: its latest ledger row dated on or before that day.

    Countries whose first row is later than `as_of` are absent, so the map shows only what
    was known on that date.
    """
    known = ledger[ledger["as_of"] <= as_of]
    latest = known.sort_values(["iso3", "as_of"]).groupby("iso3", sort=True).tail(1)
    return latest.set_index("iso3", drop=False)


def country_history(ledger: pd.DataFrame, iso3: str, as_of: date) -> pd.DataFrame:
    """A country's ledger rows up to `as_of`, oldest first: the story behind its standing."""
    rows = ledger[(ledger["iso3"] == iso3) & (ledger["as_of"] <= as_of)]
    return rows.sort_values("as_of")


def is_valid_iso3(code: str) -> bool:
    return code in EXTRA_ISO3_CODES or pycountry.countries.get(alpha_3=code) is not None


# --- reading and checking -------------------------------------------------------------


def _read_csv(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """Read a CSV as text cells, tolerating what spreadsheets write (BOM, CRLF, padding)."""
    if not path.is_file():
        problems.append(Problem(path.name, None, None, f"the file is missing from {path.parent}."))
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=True)
    except UnicodeDecodeError:
        problems.append(
            Problem(path.name, None, None, "the file is not UTF-8 text. In Excel use Save As > 'CSV UTF-8'.")
        )
        return None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        problems.append(Problem(path.name, None, None, f"the file cannot be read as CSV ({error})."))
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda column: column.str.strip())


def _check_iso3(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"[A-Z]{3}", value):
        return f'"{value}" is not an ISO 3166 alpha-3 code. Use three capital letters, e.g. PHL.'
    if not is_valid_iso3(value):
        return f'"{value}" is not a known ISO 3166 alpha-3 country code. Check the code, e.g. PHL for the Philippines.'
    return None


def _check_date(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f'"{value}" is not a date in the form YYYY-MM-DD. Write it like 2024-03-31.'
    try:
        date.fromisoformat(value)
    except ValueError:
        return f'"{value}" is not a real calendar date. Check the month and day.'
    return None


def _check_choice(value: str, column: Column) -> str | None:
    if value not in column.choices:
        allowed = ", ".join(column.choices)
        return f'"{value}" is not allowed here. Use one of: {allowed}.'
    return None


def _check_url(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"https?://[^\s<>\"]+", value):
        return f'"{value}" is not a web link. Links must start with http:// or https://.'
    return None


def _check_year(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"(19|20)\d{2}", value):
        return f'"{value}" is not a fiscal year. Write the starting year, e.g. 2024 for FY2024.'
    return None


def _check_years(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"(19|20)\d{2}(;(19|20)\d{2})*", value):
        return f'"{value}" is not a list of fiscal years. Separate years with semicolons, e.g. 2023;2024.'
    return None


def _check_yen(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"\d+", value):
        return f'"{value}" is not a whole number of yen. Write digits only, e.g. 600000000 for 600 million yen.'
    return None


def _check_int(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"-?\d+", value):
        return f'"{value}" is not a whole number.'
    return None


def _check_colour(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        return f'"{value}" is not a colour. Write it as # and six hex digits, e.g. #0072B2.'
    return None


def _check_key(value: str, column: Column) -> str | None:
    if not re.fullmatch(r"[a-z0-9_]+", value):
        return f'"{value}" is not a valid key. Use lower-case letters, digits and underscores, e.g. fy2026.'
    return None


def _check_yes(value: str, column: Column) -> str | None:
    if value.lower() != "yes":
        return f'"{value}" is not allowed here. Write yes, or leave the cell empty.'
    return None


def _check_text(value: str, column: Column) -> str | None:
    return None


# Each check returns None when the value is fine, else a message saying how to fix it.
_CHECKS = {
    "iso3": _check_iso3,
    "date": _check_date,
    "choice": _check_choice,
    "url": _check_url,
    "year": _check_year,
    "years": _check_years,
    "yen": _check_yen,
    "int": _check_int,
    "colour": _check_colour,
    "key": _check_key,
    "yes": _check_yes,
    "text": _check_text,
}


def _check_columns(
    file: str,
    frame: pd.DataFrame,
    schema: tuple[Column, ...],
    problems: list[Problem],
    cohort_keys: tuple[str, ...] = (),
) -> None:
    missing = [c.name for c in schema if c.required and c.name not in frame.columns]
    for name in missing:
        problems.append(
            Problem(file, 1, name, f"the required column is missing from the header row. Add a column named {name}.")
        )
    for column in schema:
        if column.name not in frame.columns:
            continue
        if column.name == "cohort":
            column = Column(column.name, "choice", allow_empty=False, choices=cohort_keys)
        for index, value in frame[column.name].items():
            row = int(index) + 2
            if value == "":
                if not column.allow_empty:
                    problems.append(Problem(file, row, column.name, "this cell is empty but must be filled in."))
                elif column.empty_is_warning:
                    problems.append(
                        Problem(file, row, column.name, "this cell is empty; fill it in if you can.", "warning")
                    )
                continue
            message = _CHECKS[column.kind](value, column)
            if message:
                problems.append(Problem(file, row, column.name, message))


def _check_unique(file: str, frame: pd.DataFrame, key: tuple[str, ...], problems: list[Problem]) -> None:
    if not set(key) <= set(frame.columns):
        return
    duplicated = frame[frame.duplicated(list(key), keep="first")]
    for index, row in duplicated.iterrows():
        first = frame[(frame[list(key)] == row[list(key)]).all(axis=1)].index[0]
        values = ", ".join(f"{k} {row[k]}" for k in key)
        problems.append(
            Problem(
                file,
                int(index) + 2,
                key[-1],
                f"row {int(first) + 2} already has {values}. Give each change its own date, or merge the rows.",
            )
        )


def _check_package_countries(packages: pd.DataFrame, ledger: pd.DataFrame, problems: list[Problem]) -> None:
    if "iso3" not in packages.columns or "iso3" not in ledger.columns:
        return
    known = set(ledger["iso3"])
    for index, code in packages["iso3"].items():
        if code and code not in known:
            problems.append(
                Problem(
                    PACKAGES_FILE,
                    int(index) + 2,
                    "iso3",
                    f'"{code}" has no row in {RECIPIENTS_FILE}. Add the country to {RECIPIENTS_FILE} first.',
                )
            )


def _typed(frame: pd.DataFrame, schema: tuple[Column, ...]) -> pd.DataFrame:
    """Convert validated text cells: dates to datetime.date, numbers to int; optional columns added empty."""
    frame = frame.copy()
    for column in schema:
        if column.name not in frame.columns:
            frame[column.name] = ""
        values = frame[column.name]
        if column.kind == "date":
            frame[column.name] = [date.fromisoformat(v) if v else None for v in values]
        elif column.kind in ("yen", "int", "year"):
            # object dtype keeps whole yen exact and empty cells as None (a float column would not)
            frame[column.name] = pd.Series([int(v) if v else None for v in values], index=frame.index, dtype="object")
        elif column.kind == "yes":
            frame[column.name] = [v.lower() == "yes" for v in values]
    return frame
