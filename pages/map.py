"""The map: countries coloured by OSA cohort; click or search for a country to see its details.

URL -> View -> Snapshot -> drawing: the page reads the View from the address bar, asks for its
Snapshot (cached per data version and view) and hands it to the ui functions that draw it.
"""

from datetime import date
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from osa_map.i18n import t
from osa_map.model.snapshot import SEED_VIEW_DATE, change_line
from osa_map.render.assets import leaflet_urls
from osa_map.render.map_fitting import FALLBACK_MAP_HEIGHT_PX, view_of
from osa_map.render.text import escape_markdown
from osa_map.render.webmap import MAP_JAPANESE_FAMILY, build_map, view_layer
from osa_map.ui import a11y, briefing, explore, loaders, panel, selection
from osa_map.ui.router import through_app
from osa_map.ui.view import current_view

through_app()  # first: a deep link on a fresh server still runs through app.py

today = date.today()
panel.apply_page_style()
a11y.map_page_aids()
briefing.layout_style()
# Reading order on screen: title (with exports and presentation), data problems (if any), timeline
# and filters, then map and panel. Sending order differs: the map goes first (the end of this file).
header, problems, timeline, main = (st.container() for _ in range(4))
with problems:
    dataset = loaders.dataset_or_stop(selection.current_language())
view = current_view(loaders.allowed_values(dataset))
briefing.presentation_style(view.present)
explore.report_link_problems(view)


@st.fragment
def map_and_panel() -> None:
    """A click reruns only this fragment: the panel changes, the page around it does not.

    The view is read again inside: a click has just changed the URL, and a fragment's rerun
    does not rerun the lines above it. Data comes from cache, keyed on the files' content, so an
    edited CSV shows at the next click.
    """
    fresh = loaders.dataset_or_stop(view.lang, report=False)  # the page reports problems once, above
    snapshot = loaders.snapshot_of(fresh, current_view(loaders.allowed_values(fresh)), today)
    if snapshot.view.present != view.present:  # leaving presentation (Esc) restyles the whole page
        st.rerun()
    countries = loaders.map_countries(snapshot.lang)
    briefing.page_title(snapshot)  # here, not in the header: a click reruns only this fragment
    if snapshot.view.present:
        briefing.tour_controls(snapshot)
    map_column, panel_column = st.columns([2.3, 1], gap="medium")
    # The panel is sent before the map: after a click it is what the reader waits for.
    with panel_column:
        panel.landmark(snapshot)
        selection.country_search(snapshot)
        explore.filter_summary(snapshot)
        if snapshot.details:
            panel.country_panel(snapshot.details, lang=snapshot.lang)
            panel.cite_block(snapshot)  # after the panel: the search menu's content stays next in tab order
        else:
            panel.empty_panel(snapshot)
    with map_column:
        focus = None
        step = snapshot.step
        if step and step.kind != "country":  # an overview or cohort step frames its countries
            members = [r.iso3 for r in snapshot.shown if step.kind == "overview" or r.cohort == step.cohort_key]
            focus = view_of(countries, members)
        elif selection.map_should_move(snapshot):
            focus = view_of(countries, [snapshot.details.iso3])
        # The base map is the same for every view, so streamlit-folium never reloads it: the view
        # layer recolours it in place (Play, filters, Back), outlines the selection and fits the
        # focus into the map the legend leaves free. The map sizes itself to the window.
        st_folium(
            build_map(
                countries,
                leaflet_urls(st.get_option("server.baseUrlPath")),
                loaders.outline_urls(),
                large_type=snapshot.view.present,
                lang=snapshot.lang,
                fit_codes=snapshot.dataset.ledger["iso3"],
                forward_keys=snapshot.view.present,
                font_css=selection.japanese_font_css(snapshot.lang, MAP_JAPANESE_FAMILY)
                if snapshot.lang == "ja"
                else "",
            ),
            key=selection.MAP_KEY,
            height=FALLBACK_MAP_HEIGHT_PX,  # until the browser has measured the window
            use_container_width=True,
            returned_objects=[],  # pans and zooms need no rerun; clicks report themselves
            feature_group_to_add=view_layer(snapshot, countries, focus),
            on_change=partial(selection.select_from_map_click, snapshot),
        )


snapshot = loaders.snapshot_of(dataset, view, today)
# The map is sent before the widgets above it: its frame, Leaflet and the outlines load while the
# browser is still drawing the rest, so countries appear sooner (bench/run.py, docs/performance.md).
with main:
    map_and_panel()
with header:
    # One wrapping row, each control as wide as its label: nothing is cut short at 900-1280 px.
    with st.container(horizontal=True, vertical_alignment="center", gap="medium", key="map_header"):
        st.title(t("app.title", view.lang), anchor=False, width="content")
        briefing.export_buttons(snapshot, loaders.map_countries(view.lang))
        briefing.presentation_toggle(snapshot)
    if not view.present:
        version = t("cite.version", view.lang, version=snapshot.release)
        st.caption(f"{t('explore.map_caption', view.lang)} · {version}")
with timeline:
    explore.controls(snapshot)
    if snapshot.view.as_of and change_line(snapshot):
        st.caption(t("explore.changed_on", view.lang, changes=escape_markdown(change_line(snapshot))))
    if snapshot.as_of == SEED_VIEW_DATE:
        st.caption(t("seed.reconstruction", view.lang))
