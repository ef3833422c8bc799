"""The programme as a whole: budget by fiscal year, totals, the timeline of exchanges of notes, drones."""

from datetime import date

import pandas as pd
import streamlit as st

from osa_map.data.budget import load_budget
from osa_map.data.dataset import data_directory
from osa_map.data.schema import DataError
from osa_map.i18n import format_date, format_yen, t
from osa_map.model.filters import packages_known_on
from osa_map.model.programme import drone_packages, yen_totals
from osa_map.render.charts import budget_chart, budget_frame, notes_timeline_chart, notes_timeline_frame, totals_chart
from osa_map.render.text import escape_markdown
from osa_map.ui.explore import date_control
from osa_map.ui.loaders import allowed_values, dataset_or_stop, snapshot_of
from osa_map.ui.panel import problems_table
from osa_map.ui.router import through_app
from osa_map.ui.selection import current_language
from osa_map.ui.tables import country_names_in, label_maps
from osa_map.ui.view import current_view

through_app()  # first: a deep link on a fresh server still runs through app.py

lang = current_language()
st.title(t("nav.programme", lang), anchor=False)
st.caption(t("explore.programme_intro", lang))
dataset = dataset_or_stop(lang)
today = date.today()
snapshot = snapshot_of(dataset, current_view(allowed_values(dataset)), today)
as_of = snapshot.as_of
with st.columns([1, 3])[0]:  # a date needs no more than a quarter of the width
    date_control(snapshot, label_key="explore.as_of_tables")
labels = label_maps(dataset, lang)
names = country_names_in(dataset, lang)

st.subheader(t("explore.budget_heading", lang), anchor=False)
try:
    budget = load_budget(data_directory())
except DataError as error:
    st.warning(t("explore.budget_unavailable", lang), icon=":material/warning:")
    problems_table(error.problems, lang)
else:
    st.altair_chart(budget_chart(budget_frame(budget, lang), lang), width="stretch")
    st.caption(t("explore.budget_caption", lang))

st.subheader(t("explore.totals_heading", lang), anchor=False)
packages = packages_known_on(dataset.packages, as_of)
# A package counts towards its country's cohort as known on the date (a later cohort would rewrite the past).
cohort_of = snapshot.standing_frame(shown_only=False)["cohort"]
by_cohort = yen_totals(packages, packages["iso3"].map(cohort_of).map(labels["cohort"]))
by_category = yen_totals(
    packages, packages["category"].map(lambda key: labels["category"].get(key) or t("explore.uncategorised", lang))
)
cohort_column, category_column = st.columns(2)
if not packages.empty:
    cohort_column.altair_chart(totals_chart(by_cohort, t("explore.by_cohort", lang), lang), width="stretch")
    category_column.altair_chart(totals_chart(by_category, t("explore.by_category", lang), lang), width="stretch")
st.caption(
    t(
        "explore.totals_caption",
        lang,
        date=format_date(as_of, lang),
        missing=int(pd.isna(packages["amount_jpy"].astype("Int64")).sum()),
    )
)

st.subheader(t("explore.notes_timeline_heading", lang), anchor=False)
timeline = notes_timeline_frame(packages, names, labels["category"], lang)
if not timeline.empty:
    st.altair_chart(notes_timeline_chart(timeline, lang), width="stretch")
undated = [
    f"{names.get(iso3, iso3)} ({t('explore.fiscal_year_button', lang, year=year)})"
    for iso3, year, day in zip(packages["iso3"], packages["fiscal_year"], packages["notes_date"], strict=True)
    if day is None
]
st.caption(
    t("explore.notes_timeline_caption", lang, undated=escape_markdown(", ".join(undated) or t("explore.none", lang)))
)

st.subheader(t("explore.drones_heading", lang), anchor=False)
st.markdown(escape_markdown(t("explore.drones_text", lang)))
drones = drone_packages(packages)
st.markdown(escape_markdown(t("explore.drones_since", lang, count=len(drones))))
st.markdown(
    "\n".join(
        "- "
        + escape_markdown(
            f"{names.get(row.iso3, row.iso3)}, {t('explore.fiscal_year_button', lang, year=row.fiscal_year)}: "
            f"{row.equipment} ({format_yen(row.amount_jpy, lang, bool(row.amount_approx))}; "
            f"{labels['confidence'].get(row.confidence, row.confidence)})"
        )
        for row in drones.itertuples(index=False)
    )
)
st.caption(t("explore.drones_uncertainty", lang))
