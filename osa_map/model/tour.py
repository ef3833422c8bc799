"""The guided tour of a briefing: its steps, derived from the data alone (no Streamlit here).

A presenter steps through the programme: an overview, then each cohort in cohort order, each
followed by its countries. Adding a cohort to cohorts.csv or a country to recipients.csv adds
its steps; nothing here names a cohort or a country.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from osa_map.data.dataset import Dataset
from osa_map.i18n import Language, cohort_label, country_name, fiscal_years, format_date, status_label, t, tn
from osa_map.model.names import country_names
from osa_map.model.standings import recipients_as_of

StepKind = Literal["overview", "cohort", "country"]


@dataclass(frozen=True)
class TourStep:
    """One screen of the tour. A country step names the country to zoom to and open in the panel."""

    kind: StepKind
    title: str
    text: str
    iso3: str | None = None  # set on country steps
    cohort_key: str | None = None  # set on cohort and country steps


def tour_steps(
    dataset: Dataset, as_of: date, names: Mapping[str, str] | None = None, lang: Language = "en"
) -> list[TourStep]:
    """Overview, then for each cohort with recipients on `as_of`: the cohort, then its countries.

    Countries follow the order in which they became known (their first ledger row), then name,
    so the tour retells the programme's story. Cohorts with no recipient on `as_of` are left
    out: a step with nothing to show wastes the audience's time. `names` defaults to the ledger's;
    in Japanese, countries take their Japanese ISO 3166 names.
    """
    standing = recipients_as_of(dataset.ledger, as_of)
    names = names if names is not None else country_names({}, dataset.ledger)
    first_known = dataset.ledger.groupby("iso3")["as_of"].min()
    cohorts_shown = dataset.cohorts[dataset.cohorts["key"].isin(standing["cohort"])]

    steps = [_overview_step(standing, len(cohorts_shown), as_of, lang)]
    for _, cohort in cohorts_shown.iterrows():
        label = cohort_label(cohort, lang)
        members = standing[standing["cohort"] == cohort["key"]].copy()
        members["name"] = [country_name(code, lang, names.get(code, code)) for code in members["iso3"]]
        members["first_known"] = members["iso3"].map(first_known)
        members = members.sort_values(["first_known", "name"], kind="stable")
        steps.append(
            TourStep(
                kind="cohort",
                title=label,
                text=_cohort_text(cohort["description"], members["name"].tolist(), lang),
                cohort_key=cohort["key"],
            )
        )
        steps.extend(_country_step(row, label, lang) for _, row in members.iterrows())
    return steps


def step_index_from_query(value: str | None, steps: Sequence[TourStep]) -> int:
    """The 0-based step a `?step=` value points to, always a valid index.

    Accepts the 1-based number shown to the audience ("step 3 of 17"), an ISO3 code (its country
    step) or a cohort key (its cohort step). Anything else, including nothing, starts the tour;
    numbers past either end are clamped, so an old link still opens somewhere sensible.
    """
    if not steps:
        raise ValueError("the tour has no steps")
    text = (value or "").strip()
    if text.lstrip("-").isdigit():
        return min(max(int(text) - 1, 0), len(steps) - 1)
    for index, step in enumerate(steps):
        if (step.kind == "country" and step.iso3 == text.upper()) or (
            step.kind == "cohort" and step.cohort_key == text
        ):
            return index
    return 0


def step_query_value(index: int) -> str:
    """The `?step=` value for a 0-based index: the inverse of step_index_from_query for numbers."""
    return str(index + 1)


def _overview_step(standing: pd.DataFrame, cohort_count: int, as_of: date, lang: Language) -> TourStep:
    countries = len(standing)
    when = format_date(as_of, lang)
    if countries == 0:
        text = t("tour.no_recipients", lang, date=when)
    else:
        # English counts "1 country" but "2 countries"; the catalogue holds each combination.
        keys = {
            (True, True): "tour.overview.one",
            (False, True): "tour.overview.countries",
            (True, False): "tour.overview.cohorts",
            (False, False): "tour.overview.other",
        }
        key = keys[(countries == 1, cohort_count == 1)]
        text = t(key, lang, countries=countries, cohorts=cohort_count, date=when)
    return TourStep(kind="overview", title=t("app.title", lang), text=text)


def _cohort_text(description: str, member_names: list[str], lang: Language) -> str:
    count = tn("tour.members", lang, len(member_names), names=t("tour.list_separator", lang).join(member_names))
    return f"{description} {count}" if description else count


def _country_step(row: pd.Series, cohort: str, lang: Language) -> TourStep:
    years = fiscal_years(list(row["fiscal_years"]), lang)
    facts = t("tour.country_facts", lang, cohort=cohort, status=status_label(row["status"], lang), years=years)
    return TourStep(
        kind="country",
        title=row["name"],
        text=facts,  # the panel beside the map tells the rest
        iso3=row["iso3"],
        cohort_key=row["cohort"],
    )
