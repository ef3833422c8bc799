"""The ledger and packages as sortable tables, with their sources and downloads, as known on a date."""

from datetime import date

import streamlit as st

from osa_map import explore, explore_ui, ui
from osa_map.data import recipients_as_of
from osa_map.i18n import format_date, t

lang = ui.current_language()
st.title(t("nav.data", lang), anchor=False)
dataset = ui.dataset_or_stop()
today = date.today()
with st.columns([1, 3])[0]:  # a date needs no more than a quarter of the width
    as_of = explore_ui.date_control(dataset, lang, today, label_key="explore.as_of_tables")
st.caption(t("explore.data_intro", lang, date=format_date(as_of, lang)))

labels = explore_ui.label_maps(dataset, lang)
names = explore_ui.country_names_in(dataset, lang)
country_regions = explore_ui.regions()
standing = recipients_as_of(dataset.ledger, as_of).assign(
    region=lambda frame: [country_regions.get(iso3, "") for iso3 in frame["iso3"]]
)
stamp = as_of.isoformat()

standing_tab, ledger_tab, packages_tab = st.tabs(
    [t("explore.tab_standing", lang), t("explore.tab_ledger", lang), t("explore.tab_packages", lang)]
)
with standing_tab:
    table = explore.labelled(standing, (*explore.STANDING_COLUMNS, "source_title", "source_url"), labels, names)
    explore_ui.sortable_table(table, lang, f"osa-recipients-{stamp}")
with ledger_tab:
    table = explore.labelled(explore.ledger_known_on(dataset.ledger, as_of), explore.LEDGER_COLUMNS, labels, names)
    explore_ui.sortable_table(table, lang, f"osa-ledger-{stamp}")
with packages_tab:
    packages = explore.packages_known_on(dataset.packages, as_of)
    table = explore.labelled(packages, explore.PACKAGE_TABLE_COLUMNS, labels, names)
    explore_ui.sortable_table(table, lang, f"osa-packages-{stamp}")
