"""What the editors' CSV files must hold: file names, vocabularies, columns, and the Problem an
editor is told about. The vocabularies are part of the programme's meaning; cohorts change
every fiscal year and live in cohorts.csv.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

import pycountry

from osa_map.i18n import Language, t

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


class Phrase(NamedTuple):
    """Catalogue text (osa_map/i18n) with its fields, put into words only when a language is known."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: Language) -> str:
        return t(self.key, lang, **{name: _words(value, lang) for name, value in self.values})


def phrase(key: str, **values: object) -> Phrase:
    return Phrase(key, tuple(values.items()))


def _words(value: object, lang: Language) -> object:
    return value.text(lang) if isinstance(value, Phrase) else value


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one cell (or row, or file), phrased for the editor who must fix it.

    `message` is the English text (what the CLI prints and the tests read); `said` is the same
    message as catalogue text, so the app can show it in the editor's language. Two problems are
    equal when their English text is: `said` is how it is put, not what it says.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "error"
    said: Phrase | None = field(default=None, compare=False, repr=False)

    @classmethod
    def said_as(
        cls, file: str, row: int | None, column: str | None, key: str, severity: Severity = "error", **values: object
    ) -> Problem:
        """A problem whose message is the catalogue's `key`: English in `message`, any language by `text()`."""
        said = phrase(key, **values)
        return cls(file, row, column, said.text("en"), severity, said)

    def text(self, lang: Language = "en") -> str:
        """The message in `lang`; English (the message as written) when no catalogue text exists."""
        return self.said.text(lang) if self.said is not None and lang != "en" else self.message

    def where(self, lang: Language = "en") -> str:
        """file, row N, column C (ファイル、N行目、列「C」 in Japanese)."""
        where = [self.file]
        if self.row is not None:
            where.append(t("problem.where_row", lang, row=self.row))
        if self.column is not None:
            where.append(t("problem.where_column", lang, column=self.column))
        return t("problem.where_separator", lang).join(where)

    def describe(self, lang: Language = "en") -> str:
        """The whole problem in one line, as the CLI prints it: where, then what to do."""
        return f"{self.where(lang)}: {self.text(lang)}"

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

# How sure a ledger row or a package is, and the two sources it cites (with who published them).
CITATION_COLUMNS = (
    Column("confidence", "choice", required=False, choices=CONFIDENCE_LEVELS, empty_is_warning=True),
    Column("source_title", "text", empty_is_warning=True),
    Column("source_url", "url", empty_is_warning=True),
    Column("source_kind", "choice", required=False, choices=SOURCE_KINDS),
    Column("source2_title", "text", required=False),
    Column("source2_url", "url", required=False),
    Column("source2_kind", "choice", required=False, choices=SOURCE_KINDS),
)

RECIPIENT_COLUMNS = (
    Column("iso3", "iso3", allow_empty=False),
    Column("country", "text", allow_empty=False),
    Column("as_of", "date", allow_empty=False),
    Column("cohort", "choice", allow_empty=False),  # choices come from cohorts.csv
    Column("status", "choice", allow_empty=False, choices=tuple(STATUSES)),
    Column("fiscal_years", "years", required=False),
    Column("summary", "text", required=False),
    *CITATION_COLUMNS,
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
    *CITATION_COLUMNS,
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
class FileRules:
    """What checking one file needs to know besides its own cells."""

    file: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # columns that together may not repeat
    known_countries: frozenset[str] | None = None  # iso3 must be one of these (packages)


def is_valid_iso3(code: str) -> bool:
    return code in EXTRA_ISO3_CODES or pycountry.countries.get(alpha_3=code) is not None


def parse_fiscal_years(text: str) -> tuple[int, ...]:
    """ "2023;2024" (the CSV cell) -> (2023, 2024): typed once, when the data is loaded."""
    return tuple(int(part) for part in text.split(";") if part.strip())
