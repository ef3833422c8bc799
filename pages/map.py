"""The map: countries coloured by OSA cohort; click or search for a country to see its details.

Above the map, a timeline (?as_of=) and filters (?cohort=&status=&category=&region=) choose what it
shows; osa_map.explore_ui draws them and keeps them in the URL, osa_map.explore does the logic.
"""

from datetime import date
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from osa_map.i18n import t
from osa_map.model.filters import recipients_shown, restrict_to
from osa_map.model.tour import tour_steps
from osa_map.model.view import ExploreState
from osa_map.render.assets import leaflet_urls
from osa_map.render.webmap import build_map, selection_layer, view_of
from osa_map.ui.briefing import export_buttons, presentation_on, presentation_style, presentation_toggle, tour_controls
from osa_map.ui.explore import chosen_view, controls, filter_summary, regions
from osa_map.ui.loaders import dataset_or_stop, details_of, map_countries, names_of, outline_urls
from osa_map.ui.panel import apply_page_style, country_panel, empty_panel
from osa_map.ui.selection import (
    MAP_KEY,
    country_search,
    current_language,
    current_selection,
    select_from_map_click,
    set_selection,
)

lang = current_language()
apply_page_style()
present = presentation_on()
presentation_style(present)
# Reading order on screen: title (with exports and presentation), data problems (if any), timeline
# and filters, then map and panel. The exports sit outside the map's fragment: a click does not resend them.
# Sending order differs: the map goes first (see the end of this file).
header, problems, timeline, main = (st.container() for _ in range(4))

today = date.today()
with problems:
    dataset = dataset_or_stop()
country_regions = regions()
as_of, view_state = chosen_view(dataset, country_regions, lang, today)


@st.fragment
def map_and_panel(as_of: date, view_state: ExploreState) -> None:
    """A click reruns only this fragment: the panel changes, the page around it does not.

    Data is read inside (from cache, keyed on the files' content) so an edited CSV shows at the next click.
    """
    dataset = dataset_or_stop(report=False)  # the page reports problems once, above
    countries = map_countries()
    names = names_of(countries, dataset)  # English; each drawing function puts them into `lang`
    standing, shown = recipients_shown(dataset, as_of, view_state, country_regions)

    tour_view = None
    if present:
        step, moved = tour_controls(tour_steps(dataset, as_of, names, lang=lang), lang)
        if moved:  # point the map and panel at the step once; then the presenter may click around
            set_selection(step.iso3, "tour")
            members = [step.iso3] if step.iso3 else list(standing.index[standing["cohort"] == step.cohort_key])
            tour_view = view_of(countries, members if step.kind != "overview" else list(standing.index))
    selected, origin = current_selection(names)

    map_column, panel_column = st.columns([2.3, 1], gap="medium")
    # The panel is sent before the map: after a click it is what the reader waits for.
    with panel_column:
        country_search(names, standing, dataset, lang=lang)
        filter_summary(shown, standing, view_state, lang)
        if selected:
            country_panel(details_of(dataset, selected, names[selected], as_of, lang), lang=lang)
        else:
            empty_panel(dataset, shown, names, as_of, lang=lang)
    with map_column:
        # A search, a link or the tour moves the map; after a click the reader keeps their view.
        view = tour_view or (view_of(countries, [selected]) if selected and origin in ("link", "search") else None)
        base_url_path = st.get_option("server.baseUrlPath")
        st_folium(
            build_map(
                countries,
                shown,
                dataset.cohorts,
                names,
                as_of,
                leaflet_urls(base_url_path),
                outline_urls(),
                large_type=present,
                lang=lang,
            ),
            key=MAP_KEY,
            height=420 if present else 580,  # map, timeline and panel (and tour bar) fit 1440x900 / 1280x720
            use_container_width=True,
            returned_objects=[],  # pans and zooms need no rerun; clicks report themselves
            feature_group_to_add=selection_layer(selected),
            center=view.center if view else None,
            zoom=view.zoom if view else None,
            on_change=partial(select_from_map_click, set(names)),
        )


# The map is sent before the widgets above it: its frame, Leaflet and the outlines load while the
# browser is still drawing the rest, so countries appear sooner (bench/run.py, docs/performance.md).
with main:
    map_and_panel(as_of, view_state)
with header:
    title_column, export_column, toggle_column = st.columns([4, 0.9, 1.3], vertical_alignment="bottom")
    title_column.title(t("app.title", lang), anchor=False)
    with export_column:
        # Exports hold what is on screen: under filters, only the recipients shown.
        _, shown = recipients_shown(dataset, as_of, view_state, country_regions)
        export_buttons(restrict_to(dataset, shown.index), as_of, map_countries(), lang)
    with toggle_column:
        presentation_toggle(lang)
    if not present:
        st.caption(t("explore.map_caption", lang))
with timeline:
    controls(dataset, country_regions, lang, today)
