"""The map: countries coloured by OSA cohort; click or search for a country to see its details."""

from datetime import date
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from osa_map import briefing, ui
from osa_map.assets import leaflet_urls
from osa_map.data import recipients_as_of
from osa_map.details import country_details
from osa_map.mapview import build_map, selection_layer, view_of
from osa_map.names import country_names
from osa_map.tour import tour_steps

ui.apply_page_style()
title_column, toggle_column = st.columns([4, 1.3], vertical_alignment="bottom")
title_column.title("Japan's Official Security Assistance", anchor=False)
with toggle_column:
    present = briefing.presentation_mode()
if not present:
    st.caption("Which countries receive OSA, in which cohort, with what, and on whose authority.")


@st.fragment
def map_and_panel() -> None:
    """A click reruns only this fragment: the panel changes, the page around it does not.

    Data is read inside (from cache, keyed on the files' content) so an edited CSV shows at the next click.
    """
    dataset = ui.dataset_or_stop()
    countries = ui.map_countries()
    names = country_names(dict(zip(countries["iso3"], countries["name"], strict=True)), dataset.ledger)
    as_of = date.today()
    standing = recipients_as_of(dataset.ledger, as_of)

    tour_view = None
    if present:
        step, moved = briefing.tour_controls(tour_steps(dataset, as_of, names))
        if moved:  # point the map and panel at the step once; then the presenter may click around
            ui.set_selection(step.iso3, "tour")
            members = [step.iso3] if step.iso3 else list(standing.index[standing["cohort"] == step.cohort_key])
            tour_view = view_of(countries, members if step.kind != "overview" else list(standing.index))
    selected, origin = ui.current_selection(names)

    map_column, panel_column = st.columns([2.3, 1], gap="medium")
    with panel_column:
        ui.country_search(names, standing, dataset)
        if selected:
            ui.country_panel(country_details(dataset, selected, names[selected], as_of))
        else:
            ui.empty_panel(dataset, standing, names, as_of)
    with map_column:
        # A search, a link or the tour moves the map; after a click the reader keeps their view.
        view = tour_view or (view_of(countries, [selected]) if selected and origin in ("link", "search") else None)
        base_url_path = st.get_option("server.baseUrlPath")
        st_folium(
            build_map(
                countries,
                standing,
                dataset.cohorts,
                names,
                as_of,
                leaflet_urls(base_url_path),
                ui.geometry_url(),
                large_type=present,
            ),
            key=ui.MAP_KEY,
            height=480 if present else 620,  # a 1280x720 share shows map, panel and tour bar
            use_container_width=True,
            returned_objects=[],  # pans and zooms need no rerun; clicks report themselves
            feature_group_to_add=selection_layer(selected),
            center=view.center if view else None,
            zoom=view.zoom if view else None,
            on_change=partial(ui.select_from_map_click, set(names)),
        )
        briefing.export_buttons(dataset, as_of, countries)


map_and_panel()
