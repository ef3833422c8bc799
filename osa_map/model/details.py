"""What the side panel says about one country on one date, as plain values (no Streamlit here).

Pages draw a CountryDetails; tests read it directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from osa_map.data.dataset import Dataset
from osa_map.i18n import Language, cohort_label, format_yen, status_label
from osa_map.model.filters import packages_known_on
from osa_map.model.standings import country_history


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None  # None when the editors could not verify a link; the title still names it
    kind: str = ""  # government, press or other (data.schema.SOURCE_KINDS); "" when not recorded

    @property
    def key(self) -> str:
        """What makes two citations the same source: the link, else the title."""
        return self.url or self.title


@dataclass(frozen=True)
class Package:
    fiscal_year: int
    notes_date: date | None
    notes_place: str
    amount: str  # already formatted, e.g. "about ¥1 billion" (約10億円)
    equipment: str
    category: str
    recipient_unit: str
    confidence: str
    notes: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class HistoryEntry:
    as_of: date
    cohort_label: str
    status_label: str
    summary: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class CountryDetails:
    iso3: str
    name: str
    as_of: date  # the date the map is drawn for
    is_recipient: bool
    cohort_key: str = ""
    cohort_label: str = ""
    cohort_colour: str = ""
    status_label: str = ""
    fiscal_years: tuple[int, ...] = ()
    summary: str = ""
    confidence: str = ""
    updated: date | None = None  # as_of of the ledger row in force
    last_reviewed: date | None = None
    notes: str = ""
    packages: tuple[Package, ...] = ()
    sources: tuple[Source, ...] = ()
    history: tuple[HistoryEntry, ...] = ()


def country_details(dataset: Dataset, iso3: str, name: str, as_of: date, lang: Language = "en") -> CountryDetails:
    """Everything the panel shows for `iso3` as known on `as_of`; labels and yen in `lang`."""
    # Only this country's rows: the latest one on or before as_of is its standing (as in recipients_as_of).
    history = country_history(dataset.ledger, iso3, as_of)
    if history.empty:
        return CountryDetails(iso3=iso3, name=name, as_of=as_of, is_recipient=False)

    row = history.iloc[-1]
    cohort = dataset.cohorts.set_index("key").loc[row["cohort"]]
    packages = _packages(dataset.packages, iso3, as_of, lang)
    sources = [row_sources(r) for _, r in history.iloc[::-1].iterrows()]
    sources += [package.sources for package in packages]
    return CountryDetails(
        iso3=iso3,
        name=name,
        as_of=as_of,
        is_recipient=True,
        cohort_key=row["cohort"],
        cohort_label=cohort_label(cohort, lang),
        cohort_colour=cohort["colour"],
        status_label=status_label(row["status"], lang),
        fiscal_years=row["fiscal_years"],
        summary=row["summary"],
        confidence=row["confidence"],
        updated=row["as_of"],
        last_reviewed=row["last_reviewed"],
        notes=row["notes"],
        packages=packages,
        sources=_unique(source for group in sources for source in group),
        history=tuple(
            HistoryEntry(
                as_of=r["as_of"],
                cohort_label=dataset.cohort_label(r["cohort"], lang),
                status_label=status_label(r["status"], lang),
                summary=r["summary"],
                sources=row_sources(r),
            )
            for _, r in history.iterrows()
        ),
    )


def _packages(packages: pd.DataFrame, iso3: str, as_of: date, lang: Language) -> tuple[Package, ...]:
    """Packages for the country, leaving out exchanges of notes dated after `as_of`.

    A package with no confirmed date is kept once its fiscal year has begun (1 April).
    """
    rows = packages_known_on(packages[packages["iso3"] == iso3], as_of)
    shown = []
    for _, row in rows.sort_values(["fiscal_year"], kind="stable").iterrows():
        shown.append(
            Package(
                fiscal_year=int(row["fiscal_year"]),
                notes_date=row["notes_date"],
                notes_place=row["notes_place"],
                amount=format_yen(row["amount_jpy"], lang, bool(row["amount_approx"])),
                equipment=row["equipment"],
                category=row["category"],
                recipient_unit=row["recipient_unit"],
                confidence=row["confidence"],
                notes=row["notes"],
                sources=row_sources(row),
            )
        )
    return tuple(shown)


# Each row of recipients.csv, packages.csv and budget.csv cites up to two sources.
SOURCE_COLUMNS = (("source_title", "source_url", "source_kind"), ("source2_title", "source2_url", "source2_kind"))


def row_sources(row: Mapping[str, object]) -> tuple[Source, ...]:
    """The sources one CSV row cites (first, then second), each with its kind."""
    sources = []
    for title_column, url_column, kind_column in SOURCE_COLUMNS:
        title, url = row.get(title_column, "") or "", row.get(url_column, "") or ""
        if title or url:
            sources.append(Source(title=title or url, url=url or None, kind=row.get(kind_column, "") or ""))
    return tuple(sources)


def sources_in(*frames: pd.DataFrame) -> tuple[Source, ...]:
    """Every citation the rows of these frames make, each (title, link) once, in order."""
    return _unique(source for frame in frames for row in frame.to_dict("records") for source in row_sources(row))


def _unique(sources) -> tuple[Source, ...]:
    found: dict[tuple[str, str | None], Source] = {}
    for source in sources:
        found.setdefault((source.title, source.url), source)
    return tuple(found.values())
