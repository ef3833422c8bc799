"""Sortable tables for the Data and Programme pages, with downloads."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from osa_map.data.dataset import Dataset
from osa_map.data.regions import REGION_KEYS
from osa_map.data.schema import CONFIDENCE_LEVELS, EQUIPMENT_CATEGORIES, STATUSES
from osa_map.i18n import Language, cohort_label, confidence_label, country_name, status_label, t
from osa_map.model.names import country_names
from osa_map.render.spreadsheet import csv_bytes, xlsx_bytes

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


_LINK_DISPLAY = r"https?://(?:www\.)?([^/]+)"  # show the site's name, not the whole address


def sortable_table(table: pd.DataFrame, lang: Language, file_stem: str) -> None:
    """A sortable table with clickable sources and localised headings, and CSV/XLSX downloads of it."""
    if table.empty:
        st.info(t("explore.no_rows", lang), icon=":material/info:")
        return
    config: dict[str, object] = {}
    for column in table.columns:
        label = t(f"explore.col.{column}", lang)
        if column.endswith("_url"):
            config[column] = st.column_config.LinkColumn(label, display_text=_LINK_DISPLAY)
        elif column in ("as_of", "notes_date"):
            config[column] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif column == "amount_jpy":
            config[column] = st.column_config.NumberColumn(label, format="localized")
        elif column == "amount_approx":
            config[column] = st.column_config.CheckboxColumn(label)
        elif column == "fiscal_year":
            config[column] = st.column_config.NumberColumn(label, format="%d")
        else:
            config[column] = st.column_config.TextColumn(label)
    # st.dataframe draws cell text as text: a hostile value in a CSV cannot run.
    st.dataframe(table, column_config=config, hide_index=True, width="stretch")
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
