"""About the data: what the cohorts and statuses mean, where every fact comes from, licences."""

import html
from datetime import date
from functools import partial

import streamlit as st

from osa_map.data.release import dataset_zip
from osa_map.data.schema import CONFIDENCE_LEVELS, STATUSES
from osa_map.i18n import confidence_label, t, tn
from osa_map.model.details import sources_in
from osa_map.render.text import escape_markdown
from osa_map.ui.loaders import allowed_values, dataset_or_stop, snapshot_of
from osa_map.ui.panel import cite_block, cohort_chip, source_markdown
from osa_map.ui.router import through_app
from osa_map.ui.selection import current_language
from osa_map.ui.view import current_view

through_app()  # first: a deep link on a fresh server still runs through app.py

lang = current_language()
dataset = dataset_or_stop(lang)
snapshot = snapshot_of(dataset, current_view(allowed_values(dataset)), date.today())

st.title(t("nav.about", lang), anchor=False)
st.markdown(t("about.intro", lang))

st.header(t("about.cohorts", lang), anchor=False)
for cohort in snapshot.cohorts:
    count_text = tn("about.cohort_count", lang, cohort.shown + cohort.hidden)
    st.html(f"<div>{cohort_chip(cohort.label, cohort.colour)} &nbsp; {html.escape(count_text)}</div>")
    st.caption(escape_markdown(cohort.description))  # data content: as the editors wrote it

st.header(t("about.statuses", lang), anchor=False)
st.markdown("\n".join(f"- {escape_markdown(t(f'status_help.{status}', lang))}" for status in STATUSES))
levels = t("tour.list_separator", lang).join(f"`{confidence_label(level, lang)}`" for level in CONFIDENCE_LEVELS)
st.markdown(t("about.confidence_help", lang, levels=levels))

st.header(t("about.sources", lang), anchor=False)
sources = sources_in(dataset.ledger, dataset.packages)  # first and second sources of every row
st.markdown("\n".join(f"- {source_markdown(source, lang)}" for source in sources))

if dataset.warnings:
    with st.expander(t("about.warnings", lang, count=len(dataset.warnings))):
        st.markdown("\n".join(f"- {escape_markdown(str(problem))}" for problem in dataset.warnings))

st.header(t("cite.heading", lang), anchor=False)
cite_block(snapshot)
st.download_button(
    t("cite.download", lang),
    data=partial(dataset_zip, dataset.directory),
    file_name=f"osa-data-{snapshot.release}.zip",
    mime="application/zip",
    help=t("cite.download_help", lang),
    icon=":material/folder_zip:",
    on_click="ignore",
)

st.header(t("about.licences", lang), anchor=False)
st.markdown(t("about.licences_text", lang))
