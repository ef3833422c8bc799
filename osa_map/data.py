"""Load the editors' CSV files into typed frames, with errors an editor can act on.

Data flows one way: CSV bytes -> text frames -> pandera schemas -> typed frames -> map and panels.
Nothing here imports streamlit, so `python -m osa_map validate` works without a server.

Checking happens in two stages, and both collect every problem before reporting:

1. Reading (`parse_csv`): is this a CSV file as a spreadsheet writes it? Byte-order marks,
   CRLF line ends, padded cells and trailing blank lines are fine; semicolon-separated files,
   legacy encodings, Excel workbooks, binary junk, empty and oversized files each get a
   message that says what to do in Excel.
2. Checking (`check_tables`): pandera schemas built from `SCHEMAS` check every cell, the
   header, duplicate (iso3, as_of) rows and references between files. Pandera's failure cases
   are turned into `Problem`s phrased for the editor.

Rows are reported as a spreadsheet shows them: the header is row 1, the first record row 2.
Text frames are indexed by that row number, so a blank line in the middle of a file does not
shift the rows the editor is told about.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import pandas as pd
import pandera.pandas as pa
import pycountry
from pandera.errors import SchemaErrors

from osa_map.i18n import Language, cohort_label

DATA_DIR_ENV = "OSA_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

COHORTS_FILE = "cohorts.csv"
RECIPIENTS_FILE = "recipients.csv"
PACKAGES_FILE = "packages.csv"
DATA_FILES = (COHORTS_FILE, RECIPIENTS_FILE, PACKAGES_FILE)

# Far above any real ledger (today's is 30 kB); a bigger file is a wrong file, not more data.
MAX_FILE_BYTES = 5 * 1024 * 1024

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
# What kind of publisher a source is, so "confirmed by the Foreign Ministry" reads apart from
# "reported by the press": government (a ministry, embassy or parliament), press, or other.
SOURCE_KINDS = ("government", "press", "other")

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

    def __reduce__(self):
        # Exceptions pickle through their args; this one needs its problems back (caches, processes).
        return (DataError, (self.problems, self.directory))


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
    Column("label_ja", "text", required=False),
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
    Column("source_kind", "choice", required=False, choices=SOURCE_KINDS),
    Column("source2_title", "text", required=False),
    Column("source2_url", "url", required=False),
    Column("source2_kind", "choice", required=False, choices=SOURCE_KINDS),
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
    Column("source_kind", "choice", required=False, choices=SOURCE_KINDS),
    Column("source2_title", "text", required=False),
    Column("source2_url", "url", required=False),
    Column("source2_kind", "choice", required=False, choices=SOURCE_KINDS),
    Column("notes", "text", required=False),
)

SCHEMAS: dict[str, tuple[Column, ...]] = {
    COHORTS_FILE: COHORT_COLUMNS,
    RECIPIENTS_FILE: RECIPIENT_COLUMNS,
    PACKAGES_FILE: PACKAGE_COLUMNS,
}

# A file the other files depend on: a file with no data rows leaves the map with nothing to draw.
FILES_THAT_NEED_ROWS = (COHORTS_FILE, RECIPIENTS_FILE)


@dataclass(frozen=True)
class Dataset:
    """The validated data: cohorts, the dated recipients ledger, and packages."""

    cohorts: pd.DataFrame  # key, label, colour, order, description; sorted by order
    ledger: pd.DataFrame  # one row per country per dated change; as_of is a datetime.date
    packages: pd.DataFrame  # one row per exchange of notes
    directory: Path
    fingerprint: str
    warnings: tuple[Problem, ...] = field(default=())

    def cohort_label(self, key: str, lang: Language = "en") -> str:
        """The label of cohort `key` in `lang` (cohorts.csv's label_ja in Japanese), or the key if unknown."""
        rows = self.cohorts[self.cohorts["key"] == key]
        return cohort_label(rows.iloc[0], lang) if len(rows) else key


def data_directory() -> Path:
    """The folder the app and CLI read: $OSA_DATA_DIR if set, else the shipped data/."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else DEFAULT_DATA_DIR


def fingerprint(directory: Path) -> str:
    """A hash of the data files' bytes: a cache key that changes exactly when an editor saves."""
    return contents_fingerprint(
        {name: (directory / name).read_bytes() if (directory / name).is_file() else None for name in DATA_FILES}
    )


def contents_fingerprint(contents: Mapping[str, bytes | None]) -> str:
    """The fingerprint of files already in memory (None: the file is missing)."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        data = contents.get(name)
        digest.update(data if data is not None else b"<missing>")
    return digest.hexdigest()[:16]


def load_dataset(directory: Path | None = None) -> Dataset:
    """Read and validate every data file; raise DataError listing all errors at once."""
    directory = directory or data_directory()
    if not directory.is_dir():
        raise DataError(
            [Problem(str(directory), None, None, f"the data folder does not exist. Check {DATA_DIR_ENV}.")],
            directory,
        )
    contents, problems = read_data_files(directory)
    return build_dataset(contents, directory, problems)


def read_data_files(directory: Path) -> tuple[dict[str, bytes | None], list[Problem]]:
    """The data files' bytes (None where a file cannot be used), and why any cannot."""
    contents: dict[str, bytes | None] = {}
    problems: list[Problem] = []
    for name in DATA_FILES:
        path = directory / name
        contents[name] = None
        if not path.is_file():
            problems.append(Problem(name, None, None, f"the file is missing from {directory}."))
        elif path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(name, None, None, _too_big_message(path.stat().st_size)))
        else:
            contents[name] = path.read_bytes()
    return contents, problems


def build_dataset(
    contents: Mapping[str, bytes | None], directory: Path, problems: list[Problem] | None = None
) -> Dataset:
    """Validate files given as bytes (as read from disk, or about to be saved) into a Dataset.

    `problems` holds what was already found while reading; a file whose bytes are None is skipped.
    """
    problems = list(problems or [])
    tables = {name: parse_csv(name, data, problems) if data is not None else None for name, data in contents.items()}
    problems += check_tables(tables)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems, directory)
    cohorts = typed_frame(tables[COHORTS_FILE], COHORT_COLUMNS).sort_values("order", kind="stable")
    return Dataset(
        cohorts=cohorts.reset_index(drop=True),
        ledger=typed_frame(tables[RECIPIENTS_FILE], RECIPIENT_COLUMNS)
        .sort_values(["iso3", "as_of"])
        .reset_index(drop=True),
        packages=typed_frame(tables[PACKAGES_FILE], PACKAGE_COLUMNS).reset_index(drop=True),
        directory=directory,
        fingerprint=contents_fingerprint(contents),
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


# --- stage 1: reading a file as a spreadsheet wrote it ----------------------------------

_EXCEL_HINT = "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'."


def _too_big_message(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB limit. "
        "It is probably not the right file; save the sheet again as CSV, without pictures or extra sheets."
    )


def parse_csv(
    name: str, data: bytes, problems: list[Problem], columns: Sequence[Column] | None = None
) -> pd.DataFrame | None:
    """The file as a frame of stripped text cells indexed by spreadsheet row, or None if unreadable.

    Every reason a file cannot be read is added to `problems` as one message saying what to do.
    `columns` are the ones the app reads (default: the file's entry in SCHEMAS); others get a warning.
    """
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(name, None, None, _too_big_message(len(data))))
        return None
    text = _decode(name, data, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(name, None, None, "the file is empty. Restore it from git or data/history/, then edit it again.")
        )
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"the file cannot be read as CSV ({error}). A double quote is probably not closed; "
                "a cell holding quotes must be wrapped in double quotes with each inner quote doubled.",
            )
        )
        return None

    header = [cell.strip() for cell in records[0]]
    expected = [column.name for column in (SCHEMAS.get(name, ()) if columns is None else columns)]
    for separator, what in ((";", "semicolons"), ("\t", "tabs")):
        if len(header) == 1 and separator in header[0]:
            problems.append(
                Problem(
                    name,
                    1,
                    None,
                    f"the file is separated by {what}, not commas. Excel does this when the computer's region "
                    f"uses a decimal comma. {_EXCEL_HINT}",
                )
            )
            return None
    if not any(header):
        problems.append(Problem(name, 1, None, f"row 1 is empty; it must be the header row ({', '.join(expected)})."))
        return None

    width = len(header)
    rows: dict[int, list[str]] = {}
    for position, record in enumerate(records[1:], start=2):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue  # blank lines, including the ones spreadsheets leave at the end, are fine
        extra = [cell for cell in cells[width:] if cell]
        if extra:
            problems.append(
                Problem(
                    name,
                    position,
                    None,
                    f'the row has {len(cells)} cells but the header has {width} (extra value "{extra[0]}"). '
                    "Remove the extra cells, or wrap a value that contains a comma in double quotes.",
                )
            )
        rows[position] = (cells + [""] * width)[:width]
    if not rows:
        severity: Severity = "error" if name in FILES_THAT_NEED_ROWS else "warning"
        problems.append(
            Problem(
                name,
                None,
                None,
                "the file has a header row but no data rows. Add the rows back, or restore the file from git.",
                severity,
            )
        )

    frame = pd.DataFrame(list(rows.values()), index=list(rows), columns=header, dtype=str)
    return _drop_bad_header_columns(name, frame, expected, problems)


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        problems.append(Problem(name, None, None, f"this is an Excel workbook (.xlsx), not a CSV file. {_EXCEL_HINT}"))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(name, None, None, f"the file is saved as UTF-16 ('Unicode Text'), not UTF-8. {_EXCEL_HINT}")
        )
        return None
    if b"\x00" in data or _looks_binary(data):
        problems.append(
            Problem(name, None, None, f"the file holds binary data, not text: it is not a CSV file. {_EXCEL_HINT}")
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        guess = data[error.start : error.start + 1].decode("cp1252", errors="replace")
        problems.append(
            Problem(
                name,
                line,
                None,
                f'the file is not UTF-8: byte 0x{data[error.start]:02X} (probably "{guess}" in a Windows or Mac '
                f"encoding) cannot be read. {_EXCEL_HINT} Plain 'CSV' garbles accented letters.",
            )
        )
        return None


def _looks_binary(data: bytes) -> bool:
    """Control characters other than tab and line ends mean this is not text a spreadsheet wrote."""
    sample = data[:8192]
    controls = sum(byte < 32 and byte not in (9, 10, 13) for byte in sample)
    return controls > max(2, len(sample) // 100)


def _drop_bad_header_columns(
    name: str, frame: pd.DataFrame, expected: list[str], problems: list[Problem]
) -> pd.DataFrame:
    """Report repeated, blank and unknown column names; keep the first of each name."""
    keep = []
    seen: set[str] = set()
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position]
        if column in seen:
            problems.append(Problem(name, 1, column, "this column name appears twice in the header. Delete one."))
            continue
        seen.add(column)
        if not column:
            if (values != "").any():
                problems.append(
                    Problem(
                        name,
                        1,
                        None,
                        f"column {position + 1} has values but no name in the header. Name it or delete it.",
                    )
                )
            continue
        if column not in expected:
            near = [e for e in expected if e.lower().replace(" ", "_") == column.lower().replace(" ", "_")]
            fix = f"Rename it {near[0]}." if near else "Check the spelling against data/README.md, or delete it."
            problems.append(Problem(name, 1, column, f'the app does not read a column "{column}". {fix}', "warning"))
        keep.append(position)
    return frame.iloc[:, keep]


# --- stage 2: checking every cell with pandera --------------------------------------------


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

# Names of the pandera checks; a failure case's check name says which message to give.
FILLED, WORTH_FILLING, WELL_FORMED = "filled", "worth_filling", "well_formed"
UNIQUE_ROWS, KNOWN_COUNTRY, UNIQUE_KEY = "unique_rows", "known_country", "unique_key"


@dataclass(frozen=True)
class FileRules:
    """What checking one file needs to know besides its own cells."""

    file: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # columns that together may not repeat
    known_countries: frozenset[str] | None = None  # iso3 must be one of these (packages)


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


def typed_frame(frame: pd.DataFrame, schema: tuple[Column, ...]) -> pd.DataFrame:
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
