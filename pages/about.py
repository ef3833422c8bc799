"""About the data: what the cohorts and statuses mean, where every fact comes from, licences."""

import html
from datetime import date

import streamlit as st

from osa_map.data.schema import CONFIDENCE_LEVELS, STATUSES
from osa_map.i18n import cohort_label, confidence_label, t, tn
from osa_map.model.details import Source
from osa_map.model.standings import recipients_as_of
from osa_map.render.text import escape_markdown
from osa_map.ui.loaders import dataset_or_stop
from osa_map.ui.panel import cohort_chip, source_markdown
from osa_map.ui.selection import current_language

lang = current_language()
dataset = dataset_or_stop(lang)
standing = recipients_as_of(dataset.ledger, date.today())

st.title(t("nav.about", lang), anchor=False)
st.markdown(t("about.intro", lang))

st.header(t("about.cohorts", lang), anchor=False)
counts = standing["cohort"].value_counts()
for _, cohort in dataset.cohorts.iterrows():
    count = int(counts.get(cohort["key"], 0))
    count_text = tn("about.cohort_count", lang, count)
    st.html(f"<div>{cohort_chip(cohort_label(cohort, lang), cohort['colour'])} &nbsp; {html.escape(count_text)}</div>")
    st.caption(escape_markdown(cohort["description"]))  # data content: as the editors wrote it

st.header(t("about.statuses", lang), anchor=False)
st.markdown("\n".join(f"- {escape_markdown(t(f'status_help.{status}', lang))}" for status in STATUSES))
levels = t("tour.list_separator", lang).join(f"`{confidence_label(level, lang)}`" for level in CONFIDENCE_LEVELS)
st.markdown(t("about.confidence_help", lang, levels=levels))

st.header(t("about.sources", lang), anchor=False)
sources = dict.fromkeys(
    Source(title or url, url or None)
    for frame in (dataset.ledger, dataset.packages)
    for title, url in zip(frame["source_title"], frame["source_url"], strict=True)
    if title or url
)
st.markdown("\n".join(f"- {source_markdown(source, lang)}" for source in sources))

if dataset.warnings:
    with st.expander(t("about.warnings", lang, count=len(dataset.warnings))):
        st.markdown("\n".join(f"- {escape_markdown(str(problem))}" for problem in dataset.warnings))

st.header(t("about.licences", lang), anchor=False)
st.markdown(t("about.licences_text", lang))
