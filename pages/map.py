"""The map: countries coloured by OSA cohort; click or search for a country to see its details."""

from datetime import date
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from osa_map import ui
from osa_map.assets import leaflet_urls
from osa_map.data import recipients_as_of
from osa_map.details import country_details
from osa_map.mapview import build_map, country_view, selection_layer
from osa_map.names import country_names

dataset = ui.dataset_or_stop()
countries = ui.map_countries()
names = country_names(dict(zip(countries["iso3"], countries["name"], strict=True)), dataset.ledger)
as_of = date.today()
standing = recipients_as_of(dataset.ledger, as_of)
selected, origin = ui.current_selection(names)

ui.apply_page_style()
st.title("Japan's Official Security Assistance", anchor=False)
st.caption("Which countries receive OSA, in which cohort, with what, and on whose authority.")

map_column, panel_column = st.columns([2.3, 1], gap="medium")
with panel_column:
    ui.country_search(names, standing, dataset)
    if selected:
        ui.country_panel(country_details(dataset, selected, names[selected], as_of))
    else:
        ui.empty_panel(dataset, standing, names, as_of)

with map_column:
    # Only a search or a shared link moves the map; after a click the reader keeps their view.
    view = country_view(countries, selected) if selected and origin != "map" else None
    st_folium(
        build_map(
            countries, standing, dataset.cohorts, names, as_of, leaflet_urls(st.get_option("server.baseUrlPath"))
        ),
        key=ui.MAP_KEY,
        height=620,
        use_container_width=True,
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked"],
        feature_group_to_add=selection_layer(countries, selected),
        center=view.center if view else None,
        zoom=view.zoom if view else None,
        on_change=partial(ui.select_from_map_click, set(names)),
    )
