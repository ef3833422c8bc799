"""Filters over a date's standings: cohort, status, equipment category, region.

Recipients outside the filters are drawn, counted and listed as non-recipients.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

import pandas as pd

from osa_map.data.dataset import Dataset
from osa_map.model.standings import recipients_as_of
from osa_map.model.timeline import fiscal_year_start
from osa_map.model.view import View

# --- filters --------------------------------------------------------------------------------


def packages_known_on(packages: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Packages whose exchange of notes is dated on or before `as_of`; an undated one counts from
    the start of its fiscal year (the same rule as the country panel)."""
    known_from = [
        notes_date or fiscal_year_start(int(year))
        for notes_date, year in zip(packages["notes_date"], packages["fiscal_year"], strict=True)
    ]
    # A boolean Series, not a list: an empty list would select no columns instead of no rows.
    return packages[pd.Series([day <= as_of for day in known_from], index=packages.index, dtype=bool)]


def categories_by_country(packages: pd.DataFrame) -> dict[str, set[str]]:
    """ISO3 -> the equipment categories of its packages."""
    found: dict[str, set[str]] = {}
    for iso3, category in zip(packages["iso3"], packages["category"], strict=True):
        if category:
            found.setdefault(iso3, set()).add(category)
    return found


def apply_filters(
    standing: pd.DataFrame, state: View, packages: pd.DataFrame, regions: Mapping[str, str]
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
    dataset: Dataset, as_of: date, state: View, regions: Mapping[str, str]
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
