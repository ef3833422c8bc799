"""The ledger and packages as sortable tables, with their sources and downloads, as known on a date."""

from datetime import date

import streamlit as st

from osa_map.i18n import format_date, t
from osa_map.model.filters import packages_known_on
from osa_map.model.programme import ledger_known_on
from osa_map.model.view import link_to_country
from osa_map.render.tables import (
    LEDGER_COLUMNS,
    LEDGER_ON_SCREEN,
    PACKAGE_TABLE_COLUMNS,
    PACKAGES_ON_SCREEN,
    STANDING_COLUMNS,
    STANDING_ON_SCREEN,
    labelled,
)
from osa_map.ui.explore import date_control, regions
from osa_map.ui.loaders import allowed_values, dataset_or_stop, snapshot_of
from osa_map.ui.router import through_app
from osa_map.ui.selection import current_language
from osa_map.ui.tables import country_names_in, label_maps, readable_table
from osa_map.ui.view import current_view

through_app()  # first: a deep link on a fresh server still runs through app.py

lang = current_language()
st.title(t("nav.data", lang), anchor=False)
dataset = dataset_or_stop(lang)
today = date.today()
snapshot = snapshot_of(dataset, current_view(allowed_values(dataset)), today)
as_of = snapshot.as_of
with st.columns([1, 3])[0]:  # a date needs no more than a quarter of the width
    date_control(snapshot, label_key="explore.as_of_tables")
st.caption(t("explore.data_intro", lang, date=format_date(as_of, lang)))
if snapshot.view.is_filtered():  # the tables follow the map's filters, and say so
    st.caption(" · ".join(part for part in (snapshot.filters_text(), snapshot.hidden_text()) if part))
shown = snapshot.shown_codes

labels = label_maps(dataset, lang)
names = country_names_in(dataset, lang)
country_regions = regions()
standing = snapshot.standing_rows().assign(
    region=lambda frame: [country_regions.get(iso3, "") for iso3 in frame["iso3"]]
)
stamp = as_of.isoformat()
# Each country's name opens the map on it, on this date and with these filters.
map_links = {iso3: link_to_country(snapshot.view, iso3, as_of, today) for iso3 in names}

standing_tab, ledger_tab, packages_tab = st.tabs(
    [t("explore.tab_standing", lang), t("explore.tab_ledger", lang), t("explore.tab_packages", lang)]
)
with standing_tab:
    table = labelled(standing, (*STANDING_COLUMNS, "source_title", "source_url"), labels, names)
    readable_table(table, lang, f"osa-recipients-{stamp}", STANDING_ON_SCREEN, map_links)
with ledger_tab:
    ledger = ledger_known_on(dataset.ledger, as_of)
    table = labelled(ledger[ledger["iso3"].isin(shown)], LEDGER_COLUMNS, labels, names)
    readable_table(table, lang, f"osa-ledger-{stamp}", LEDGER_ON_SCREEN, map_links)
with packages_tab:
    packages = packages_known_on(dataset.packages[dataset.packages["iso3"].isin(shown)], as_of)
    table = labelled(packages, PACKAGE_TABLE_COLUMNS, labels, names)
    readable_table(table, lang, f"osa-packages-{stamp}", PACKAGES_ON_SCREEN, map_links)
