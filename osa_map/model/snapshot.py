"""Everything one screen shows, derived once from (data version, View): the Snapshot.

Every renderer (web map, panel, legend, tour, images, HTML, tables, CLI) takes a Snapshot and
computes nothing of its own, so the map, its legend, the panel and an export of the same view
can never disagree: the legend's counts are the panel's counts are the PNG's counts.

A Snapshot holds no mutable shared state: records are frozen dataclasses and tuples, and the
frames a renderer wants are built fresh by `standing_frame()` (a dozen rows). The Dataset it
refers to is the loader's cached, never-written value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from osa_map.data.dataset import Dataset
from osa_map.data.release import read_release
from osa_map.i18n import Language, cohort_label, country_name, format_date, status_label, t, tn
from osa_map.model.details import CountryDetails, country_details, sources_in
from osa_map.model.filters import apply_filters, packages_known_on, restrict_to
from osa_map.model.names import country_names
from osa_map.model.standings import recipients_as_of
from osa_map.model.tour import TourStep, step_index_from_query, step_query_value, tour_steps
from osa_map.model.view import View

# The end of FY2023: the seed article's cohort view, as reconstructed from 2023 reports (the
# article itself is from February 2025 and matches no single dated report; data/README.md).
SEED_VIEW_DATE = date(2024, 3, 31)
OFF_TOUR = "off"  # ?step=off: presenting, but a click has left the tour's steps


@dataclass(frozen=True)
class Recipient:
    """One recipient on the view's date; `shown` is False when a filter hides it."""

    iso3: str
    name: str  # in the view's language
    cohort: str
    cohort_label: str
    colour: str
    status: str
    status_label: str
    fiscal_years: tuple[int, ...]
    confidence: str
    known_since: date  # the ledger row in force
    shown: bool


@dataclass(frozen=True)
class CohortCount:
    """A legend row: how many of a cohort's recipients are shown, and how many a filter hides."""

    key: str
    label: str
    colour: str
    description: str
    shown: int
    hidden: int
    members: tuple[str, ...]  # names of the shown members, sorted


@dataclass(frozen=True)
class Change:
    """One ledger event: what the timeline says happened on a date."""

    day: date
    iso3: str
    name: str
    status_label: str
    summary: str


@dataclass(frozen=True)
class Snapshot:
    view: View
    as_of: date  # the view's date, resolved (today when the view names none)
    today: date
    data_version: str  # the data files' fingerprint: names the exact bytes
    release: str  # the data release (data/VERSION), e.g. 2026.12.02
    dataset: Dataset  # the validated data behind it (read-only, shared)
    names: Mapping[str, str]  # ISO3 -> name in the view's language, every country on the map
    recipients: tuple[Recipient, ...]
    cohorts: tuple[CohortCount, ...]
    details: CountryDetails | None  # the selected country's panel
    tour: tuple[TourStep, ...]  # only in presentation mode
    step_index: int | None  # the tour step on screen; None off the tour (a click left it)
    changes_on_date: tuple[Change, ...]  # ledger events dated exactly as_of (for Play)
    filter_labels: tuple[str, ...]  # "Cohort: Inaugural (FY2023)", ... in the view's language
    source_count: int

    @property
    def lang(self) -> Language:
        return self.view.lang

    @property
    def shown(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.shown)

    @property
    def shown_codes(self) -> frozenset[str]:
        return frozenset(r.iso3 for r in self.recipients if r.shown)

    @property
    def hidden_count(self) -> int:
        return sum(not r.shown for r in self.recipients)

    @property
    def step(self) -> TourStep | None:
        return self.tour[self.step_index] if self.step_index is not None and self.tour else None

    def standing_frame(self, shown_only: bool = True) -> pd.DataFrame:
        """The recipients as a fresh frame indexed by ISO3 (iso3, name, cohort, status, ...)."""
        rows = [r.__dict__ for r in self.recipients if r.shown or not shown_only]
        columns = list(Recipient.__dataclass_fields__)
        return pd.DataFrame(rows, columns=columns).set_index("iso3", drop=False)

    def standing_rows(self) -> pd.DataFrame:
        """The ledger rows in force for the recipients shown (every column), indexed by ISO3."""
        standing = recipients_as_of(self.dataset.ledger, self.as_of)
        return standing[standing.index.isin(self.shown_codes)]

    def details_of(self, iso3: str, lang: Language | None = None) -> CountryDetails:
        """The panel's facts for any country on the snapshot's date (its language unless `lang`)."""
        lang = lang or self.lang
        name = (
            self.names.get(iso3, iso3) if lang == self.lang else country_names({}, self.dataset.ledger).get(iso3, iso3)
        )
        return country_details(self.dataset, iso3, name, self.as_of, lang)

    def filters_text(self) -> str:
        """The active filters in one line ("" when none), for titles, source lines and captions."""
        return t("filters.active", self.lang, filters="; ".join(self.filter_labels)) if self.filter_labels else ""

    def hidden_text(self) -> str:
        return tn("filters.hidden", self.lang, self.hidden_count) if self.hidden_count else ""


def build_snapshot(
    dataset: Dataset,
    view: View,
    today: date,
    boundary_names: Mapping[str, str],
    regions: Mapping[str, str],
    filter_label=None,
) -> Snapshot:
    """The Snapshot of `view` over `dataset`. `boundary_names` maps every ISO3 on the map to its
    English Natural Earth name; `regions` maps ISO3 to its UN M49 sub-region key.
    `filter_label(name, key, lang)` names a filter value (defaults to the key)."""
    lang = view.lang
    as_of = view.date_on(today)
    english = country_names(boundary_names, dataset.ledger)
    names = {iso3: country_name(iso3, lang, name) for iso3, name in english.items()}
    standing = recipients_as_of(dataset.ledger, as_of)
    passing = apply_filters(standing, view, packages_known_on(dataset.packages, as_of), regions)
    shown_codes = set(passing.index)
    cohort_rows = {row["key"]: row for _, row in dataset.cohorts.iterrows()}
    recipients = tuple(
        Recipient(
            iso3=row["iso3"],
            name=names.get(row["iso3"], row["country"]),
            cohort=row["cohort"],
            cohort_label=cohort_label(cohort_rows[row["cohort"]], lang),
            colour=cohort_rows[row["cohort"]]["colour"],
            status=row["status"],
            status_label=status_label(row["status"], lang),
            fiscal_years=row["fiscal_years"],
            confidence=row["confidence"],
            known_since=row["as_of"],
            shown=row["iso3"] in shown_codes,
        )
        for _, row in standing.iterrows()
    )
    cohorts = tuple(
        CohortCount(
            key=key,
            label=cohort_label(row, lang),
            colour=row["colour"],
            description=row["description"],
            shown=sum(r.shown for r in recipients if r.cohort == key),
            hidden=sum(not r.shown for r in recipients if r.cohort == key),
            members=tuple(sorted(r.name for r in recipients if r.cohort == key and r.shown)),
        )
        for key, row in cohort_rows.items()
    )
    tour: tuple[TourStep, ...] = ()
    step_index = None
    if view.present:
        tour = tuple(tour_steps(restrict_to(dataset, shown_codes), as_of, english, lang=lang))
        if view.step == OFF_TOUR:
            step_index = None
        elif view.step or not view.country:
            step_index = step_index_from_query(view.step, tour)
        else:  # a link to a country on a tour opens that country's step, if it has one
            step_index = next((i for i, step in enumerate(tour) if step.iso3 == view.country), None)
    country = view.country
    if step_index is not None and tour[step_index].iso3:
        country = tour[step_index].iso3  # a country step opens its panel
    details = country_details(dataset, country, names.get(country, country), as_of, lang) if country else None
    label = filter_label or (lambda name, key, lang: key)
    filter_labels = tuple(
        f"{t(f'explore.filter_{name}', lang)}: {', '.join(label(name, key, lang) for key in keys)}"
        for name, keys in view.filters().items()
        if keys
    )
    return Snapshot(
        view=view,
        as_of=as_of,
        today=today,
        data_version=dataset.fingerprint,
        release=read_release(dataset.directory),
        dataset=dataset,
        names=names,
        recipients=recipients,
        cohorts=cohorts,
        details=details,
        tour=tour,
        step_index=step_index,
        changes_on_date=_changes_on(dataset, as_of, names, lang),
        filter_labels=filter_labels,
        source_count=count_sources(restrict_to(dataset, shown_codes), as_of),
    )


def tour_step_value(snapshot: Snapshot, index: int) -> str:
    """The `?step=` value of a step: the country's code on a country step (links survive new
    data), else its 1-based number."""
    step = snapshot.tour[index]
    return step.iso3 if step.iso3 else step_query_value(index)


def step_of_country(snapshot: Snapshot, iso3: str) -> int | None:
    """The tour step that presents `iso3`, if it has one."""
    return next((i for i, step in enumerate(snapshot.tour) if step.iso3 == iso3), None)


def _changes_on(dataset: Dataset, day: date, names: Mapping[str, str], lang: Language) -> tuple[Change, ...]:
    rows = dataset.ledger[dataset.ledger["as_of"] == day]
    return tuple(
        Change(
            day, row["iso3"], names.get(row["iso3"], row["country"]), status_label(row["status"], lang), row["summary"]
        )
        for _, row in rows.sort_values("iso3").iterrows()
    )


def change_line(snapshot: Snapshot) -> str:
    """ "18 Dec 2023: Fiji (Agreed)": what happened on the view's date, or "" if nothing did."""
    if not snapshot.changes_on_date:
        return ""
    events = t("tour.list_separator", snapshot.lang).join(
        f"{change.name} ({change.status_label})" for change in snapshot.changes_on_date
    )
    return f"{format_date(snapshot.as_of, snapshot.lang)}: {events}"


def count_sources(dataset: Dataset, as_of: date) -> int:
    """Distinct sources behind what the map shows: ledger rows and packages known on `as_of`."""
    ledger = dataset.ledger[dataset.ledger["as_of"] <= as_of]
    cited = sources_in(ledger, dataset.packages[dataset.packages["iso3"].isin(ledger["iso3"])])
    return len({source.key for source in cited})  # one source cited under two titles counts once
