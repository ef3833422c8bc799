"""Exploring the programme over time and by filter: pure logic, no Streamlit.

The map page keeps what the reader is looking at in the URL so a link reproduces the view:

    ?as_of=2024-03-31&cohort=fy2024_25,prospective&status=candidate&category=maritime&region=south_eastern_asia

Every parameter is optional; values are comma-separated keys. `as_of` absent means today (the
latest view); filters absent mean everything. Unknown values in a link are dropped, not fatal: a
link from an older release still opens.

Regions come from data/regions.csv (UN M49 sub-regions, see data/README.md) because neither the
boundaries nor pycountry carry one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from osa_map.data import DEFAULT_DATA_DIR, Dataset, recipients_as_of

REGIONS_FILE = "regions.csv"
# The keys of the UN M49 sub-regions the recipients are in; their labels live in the i18n catalogue.
REGION_KEYS = (
    "south_eastern_asia",
    "southern_asia",
    "eastern_asia",
    "melanesia",
    "polynesia",
    "micronesia",
    "eastern_africa",
)
FILTER_PARAMS = ("cohort", "status", "category", "region")
AS_OF_PARAM = "as_of"
FISCAL_YEAR_START_MONTH = 4  # Japanese fiscal years run April to March


@dataclass(frozen=True)
class ExploreState:
    """What the reader is looking at: a date (None = today) and the chosen values of each filter.

    An empty filter means "no filter", not "nothing".
    """

    as_of: date | None = None
    cohort: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=(), compare=False)  # what a link held that we could not use

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {name: getattr(self, name) for name in FILTER_PARAMS}

    def is_filtered(self) -> bool:
        return any(self.filters().values())


# --- URL state ------------------------------------------------------------------------------


def parse_date(text: object) -> date | None:
    """A YYYY-MM-DD date from a URL, or None if it is missing or not a calendar date."""
    try:
        return date.fromisoformat(str(text).strip()) if text else None
    except ValueError:
        return None


def parse_state(params: Mapping[str, object], allowed: Mapping[str, Iterable[str]]) -> ExploreState:
    """The view a link asks for. `allowed` maps each filter name to its known keys; others are dropped."""
    problems: list[str] = []
    raw_date = params.get(AS_OF_PARAM)
    as_of = parse_date(raw_date)
    if raw_date and as_of is None:
        problems.append(f"{AS_OF_PARAM}={raw_date}")
    chosen: dict[str, tuple[str, ...]] = {}
    for name in FILTER_PARAMS:
        known = set(allowed.get(name, ()))
        values = _split(params.get(name))
        chosen[name] = tuple(value for value in values if value in known)
        problems += [f"{name}={value}" for value in values if value not in known]
    return ExploreState(as_of=as_of, problems=tuple(problems), **chosen)


def state_to_params(state: ExploreState, today: date) -> dict[str, str]:
    """The URL parameters for a view; today's date and empty filters are left out to keep links short."""
    params: dict[str, str] = {}
    if state.as_of is not None and state.as_of != today:
        params[AS_OF_PARAM] = state.as_of.isoformat()
    for name, values in state.filters().items():
        if values:
            params[name] = ",".join(values)
    return params


def _split(value: object) -> list[str]:
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else str(value).split(",")
    return list(dict.fromkeys(part.strip() for part in parts if str(part).strip()))


# --- time -----------------------------------------------------------------------------------


def change_dates(ledger: pd.DataFrame, until: date | None = None) -> list[date]:
    """Every date on which the ledger says something changed, oldest first (the Play button's steps)."""
    dates = sorted(set(ledger["as_of"]))
    return [day for day in dates if until is None or day <= until]


def next_change_date(dates: list[date], current: date) -> date | None:
    """The first change after `current`, or None when `current` is at or past the last one."""
    return next((day for day in dates if day > current), None)


def fiscal_year_of(day: date) -> int:
    """FY2024 runs from 1 April 2024 to 31 March 2025."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_start(year: int) -> date:
    return date(year, FISCAL_YEAR_START_MONTH, 1)


def fiscal_year_end(year: int) -> date:
    return fiscal_year_start(year + 1) - timedelta(days=1)


def fiscal_year_shortcuts(first: date, today: date) -> list[tuple[int, date]]:
    """One (fiscal year, date) per year from `first` to `today`: the year's last day, or today for
    the year still running. The end of a year is what a briefing at its close would have known;
    the end of FY2023 (31 March 2024) is the seed article's view."""
    return [
        (year, min(fiscal_year_end(year), today)) for year in range(fiscal_year_of(first), fiscal_year_of(today) + 1)
    ]


# --- filters --------------------------------------------------------------------------------


def packages_known_on(packages: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Packages whose exchange of notes is dated on or before `as_of`; an undated one counts from
    the start of its fiscal year (the same rule as the country panel)."""
    known_from = [
        notes_date or fiscal_year_start(int(year))
        for notes_date, year in zip(packages["notes_date"], packages["fiscal_year"], strict=True)
    ]
    return packages[[day <= as_of for day in known_from]]


def categories_by_country(packages: pd.DataFrame) -> dict[str, set[str]]:
    """ISO3 -> the equipment categories of its packages."""
    found: dict[str, set[str]] = {}
    for iso3, category in zip(packages["iso3"], packages["category"], strict=True):
        if category:
            found.setdefault(iso3, set()).add(category)
    return found


def apply_filters(
    standing: pd.DataFrame, state: ExploreState, packages: pd.DataFrame, regions: Mapping[str, str]
) -> pd.DataFrame:
    """The recipients that pass every active filter (standing is indexed by ISO3, as recipients_as_of returns).

    A country passes the category filter when one of its packages, as known on that date, is in a
    chosen category; it passes the region filter when regions.csv puts it in a chosen region.
    """
    keep = pd.Series(True, index=standing.index)
    if state.cohort:
        keep &= standing["cohort"].isin(state.cohort)
    if state.status:
        keep &= standing["status"].isin(state.status)
    if state.region:
        keep &= standing.index.map(lambda iso3: regions.get(iso3) in state.region).astype(bool)
    if state.category:
        categories = categories_by_country(packages)
        keep &= standing.index.map(lambda iso3: bool(categories.get(iso3, set()) & set(state.category))).astype(bool)
    return standing[keep.to_numpy()]


# --- regions --------------------------------------------------------------------------------


def recipients_shown(
    dataset: Dataset, as_of: date, state: ExploreState, regions: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(standing, shown): every recipient on `as_of`, and those of them the filters let through.

    Recipients outside the filters are drawn, counted and listed as non-recipients.
    """
    standing = recipients_as_of(dataset.ledger, as_of)
    return standing, apply_filters(standing, state, packages_known_on(dataset.packages, as_of), regions)


def restrict_to(dataset: Dataset, iso3_codes: Iterable[str]) -> Dataset:
    """The dataset with only these countries' ledger rows and packages: what a filtered map shows.

    Exports take this, so "export what is on screen" holds under filters with no change to the
    exporters: a country filtered out is simply not a recipient in the data they are given.
    """
    keep = set(iso3_codes)
    return replace(
        dataset,
        ledger=dataset.ledger[dataset.ledger["iso3"].isin(keep)].reset_index(drop=True),
        packages=dataset.packages[dataset.packages["iso3"].isin(keep)].reset_index(drop=True),
    )


def regions_path(directory: Path) -> Path:
    """The data folder's regions.csv, or the shipped one (regions are geography, not this release's facts)."""
    candidate = directory / REGIONS_FILE
    return candidate if candidate.is_file() else DEFAULT_DATA_DIR / REGIONS_FILE


def parse_regions(text: str) -> dict[str, str]:
    """ISO3 -> region key from regions.csv's text; rows with an unknown region key are skipped."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {
        row["iso3"].strip(): row["region_key"].strip()
        for row in reader
        if row.get("iso3") and (row.get("region_key") or "").strip() in REGION_KEYS
    }


def load_regions(directory: Path) -> dict[str, str]:
    path = regions_path(directory)
    return parse_regions(path.read_text(encoding="utf-8")) if path.is_file() else {}


# --- programme totals -----------------------------------------------------------------------


def yen_totals(packages: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    """Sum of package yen per value of `by` (aligned with packages), largest first, with how many
    packages each group has and how many of them have no reported amount (counted, not summed)."""
    totals: dict[str, dict[str, int]] = {}
    for group, amount in zip(by.to_numpy(), packages["amount_jpy"], strict=True):
        entry = totals.setdefault(group, {"amount_jpy": 0, "packages": 0, "without_amount": 0})
        entry["packages"] += 1
        if amount is None or pd.isna(amount):
            entry["without_amount"] += 1
        else:
            entry["amount_jpy"] += int(amount)
    frame = pd.DataFrame(
        [{"group": group, **entry} for group, entry in totals.items()],
        columns=["group", "amount_jpy", "packages", "without_amount"],
    )
    return frame.sort_values("amount_jpy", ascending=False, kind="stable").reset_index(drop=True)


def drone_packages(packages: pd.DataFrame) -> pd.DataFrame:
    """Packages whose equipment mentions drones or UAVs: the dual-use question made concrete."""
    mentions = packages["equipment"].str.contains(r"\bdrones?\b|\bUAVs?\b", case=False, regex=True)
    return packages[mentions.to_numpy()]


# --- tables for the Data page ---------------------------------------------------------------

STANDING_COLUMNS = ("iso3", "country", "region", "cohort", "status", "fiscal_years", "confidence", "as_of")
LEDGER_COLUMNS = (
    "as_of",
    "iso3",
    "country",
    "cohort",
    "status",
    "fiscal_years",
    "summary",
    "confidence",
    "source_title",
    "source_url",
    "source2_title",
    "source2_url",
    "notes",
)
PACKAGE_TABLE_COLUMNS = (
    "iso3",
    "country",
    "fiscal_year",
    "notes_date",
    "notes_place",
    "amount_jpy",
    "amount_approx",
    "equipment",
    "category",
    "recipient_unit",
    "confidence",
    "source_title",
    "source_url",
    "source2_title",
    "source2_url",
    "notes",
)


def ledger_known_on(ledger: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Every ledger row dated on or before `as_of`, newest first: what had been recorded by then."""
    rows = ledger[ledger["as_of"] <= as_of]
    return rows.sort_values(["as_of", "iso3"], ascending=[False, True], kind="stable").reset_index(drop=True)


def labelled(
    frame: pd.DataFrame, columns: Iterable[str], labels: Mapping[str, Mapping[str, str]], names: Mapping[str, str]
) -> pd.DataFrame:
    """`frame` cut to `columns`, with key columns (cohort, status, ...) shown as labels and countries named.

    `labels` maps a column to {key: label}; `names` maps ISO3 to the country's name in the reader's language.
    """
    table = frame.reset_index(drop=True).copy()
    if "country" in columns:
        english = table["country"] if "country" in table else table["iso3"]
        table["country"] = [names.get(iso3, name) for iso3, name in zip(table["iso3"], english, strict=True)]
    for column, mapping in labels.items():
        if column in table:
            table[column] = [mapping.get(value, value) for value in table[column]]
    if "fiscal_years" in table:
        table["fiscal_years"] = [value.replace(";", ", ") for value in table["fiscal_years"]]
    if "amount_jpy" in table:
        table["amount_jpy"] = pd.array(table["amount_jpy"].tolist(), dtype="Int64")
    return table[[column for column in columns if column in table]]
