"""About the data: what the cohorts and statuses mean, where every fact comes from, licences."""

from datetime import date

import streamlit as st

from osa_map import ui
from osa_map.data import CONFIDENCE_LEVELS, STATUSES, recipients_as_of
from osa_map.details import Source
from osa_map.formatting import escape_markdown

dataset = ui.dataset_or_stop()
standing = recipients_as_of(dataset.ledger, date.today())

st.title("About the data", anchor=False)
st.markdown(
    "Japan's **Official Security Assistance (OSA)** was set up in April 2023 to give like-minded "
    "countries defence-related equipment and infrastructure, separately from development aid (ODA). "
    "This map follows which countries receive it, in which cohort, with what, and on whose authority."
)

st.header("Cohorts", anchor=False)
counts = standing["cohort"].value_counts()
for cohort in dataset.cohorts.itertuples(index=False):
    st.markdown(
        f"{ui.cohort_chip(cohort.label, cohort.colour)} &nbsp; {int(counts.get(cohort.key, 0))} countries today",
        unsafe_allow_html=True,
    )
    st.caption(escape_markdown(cohort.description))

st.header("Statuses and confidence", anchor=False)
st.markdown("\n".join(f"- {escape_markdown(text)}" for text in STATUSES.values()))
st.markdown(
    "Confidence: " + ", ".join(f"`{level}`" for level in CONFIDENCE_LEVELS) + ". "
    "`confirmed` means an official source or several consistent reports; `reported` a single report "
    "or disputed details; `unconfirmed` that details were not found. Empty cells mean a fact was not "
    "found, never a guess."
)

st.header("Sources", anchor=False)
sources = dict.fromkeys(
    Source(title or url, url or None)
    for frame in (dataset.ledger, dataset.packages)
    for title, url in zip(frame["source_title"], frame["source_url"], strict=True)
    if title or url
)
st.markdown("\n".join(f"- {ui.source_markdown(source)}" for source in sources))

if dataset.warnings:
    with st.expander(f"Data warnings ({len(dataset.warnings)})"):
        st.markdown("\n".join(f"- {escape_markdown(str(problem))}" for problem in dataset.warnings))

st.header("Licences", anchor=False)
st.markdown(
    "Country boundaries: Natural Earth (public domain), see `data/boundaries/README.md`. "
    "Map rendering: Leaflet (BSD-2-Clause), served from this machine. "
    "The data files are compiled from the public reporting cited above."
)
