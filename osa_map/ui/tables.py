"""The Data page's tables: readable on screen, sortable, and downloadable whole."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from osa_map.data.dataset import Dataset
from osa_map.data.regions import REGION_KEYS
from osa_map.data.schema import CONFIDENCE_LEVELS, EQUIPMENT_CATEGORIES, STATUSES
from osa_map.i18n import Language, cohort_label, confidence_label, country_name, status_label, t
from osa_map.model.names import country_names
from osa_map.render.spreadsheet import csv_bytes, xlsx_bytes
from osa_map.render.tables import LINKED_SOURCES, UNBROKEN_COLUMNS, readable, sorted_rows

# --- Data and Programme pages -------------------------------------------------------------------


def label_maps(dataset: Dataset, lang: Language) -> dict[str, dict[str, str]]:
    """Key -> label in `lang` for every column that holds keys (cohort, status, confidence, category, region)."""
    return {
        "cohort": {row["key"]: cohort_label(row, lang) for _, row in dataset.cohorts.iterrows()},
        "status": {key: status_label(key, lang) for key in STATUSES},
        "confidence": {key: confidence_label(key, lang) for key in CONFIDENCE_LEVELS},
        "category": {key: t(f"explore.category.{key}", lang) for key in EQUIPMENT_CATEGORIES},
        "region": {key: t(f"explore.region.{key}", lang) for key in REGION_KEYS},
    }


def country_names_in(dataset: Dataset, lang: Language) -> dict[str, str]:
    """ISO3 -> the ledger's country name, in Japanese ISO 3166 names when `lang` is ja."""
    english = country_names({}, dataset.ledger)  # names come from one place: osa_map.names
    return {iso3: country_name(iso3, lang, name) for iso3, name in english.items()}


def readable_table(
    table: pd.DataFrame,
    lang: Language,
    file_stem: str,
    on_screen: Sequence[str],
    map_links: Mapping[str, str],
) -> None:
    """A table a reader can read whole: every row on the page, long texts wrapped, a country's
    name opening the map on it, a source's title opening the source; sorted by a chosen column;
    with CSV/XLSX downloads of the whole table (every column, as in the files).

    A real HTML table (st.table), not the data grid: the grid draws on a canvas, cuts long texts
    at the cell's edge (on the Japanese screen it even misjudges where English text must wrap),
    and a screen reader cannot follow its links.
    """
    if table.empty:
        st.info(t("explore.no_rows", lang), icon=":material/info:")
        return
    sort_column, order_column, _ = st.columns([1, 1, 2], vertical_alignment="bottom")
    by = sort_column.selectbox(
        t("explore.sort_by", lang),
        options=list(on_screen),
        format_func=lambda column: t(f"explore.col.{LINKED_SOURCES.get(column, (column,))[0]}", lang),
        key=f"sort_{file_stem}",
    )
    descending = order_column.toggle(t("explore.sort_descending", lang), key=f"descending_{file_stem}")
    rows = sorted_rows(table, by, descending)
    box = f"table_{file_stem}"
    unbroken = [f".st-key-{box} td:nth-child({index + 1}) p" for index, column in enumerate(on_screen)
                if column in UNBROKEN_COLUMNS]  # fmt: skip
    if unbroken:
        st.html(f"<style>{', '.join(unbroken)} {{ white-space: nowrap; }}</style>")
    with st.container(key=box):
        st.table(readable(rows, on_screen, map_links, lang), hide_index=True)
    csv_column, xlsx_column, _ = st.columns([1, 1, 3])
    csv_column.download_button(
        t("explore.download_csv", lang),
        data=csv_bytes(table),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"download_{file_stem}_csv",
        icon=":material/download:",
    )
    xlsx_column.download_button(
        t("explore.download_xlsx", lang),
        data=partial(xlsx_bytes, table, file_stem[:31]),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key=f"download_{file_stem}_xlsx",
        icon=":material/download:",
    )
