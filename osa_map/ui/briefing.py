"""Briefing mode on screen: presentation styling, the guided tour's controls, export buttons.

Streamlit drawing only; the tour's steps come from osa_map.tour and the files from
osa_map.export, both of which run without Streamlit.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from osa_map.i18n import format_date, t
from osa_map.model.snapshot import Snapshot, tour_step_value
from osa_map.render.export import export_bytes, export_filename
from osa_map.render.formats import MEDIA_TYPES
from osa_map.render.text import escape_markdown
from osa_map.ui.selection import CLICKED_KEY
from osa_map.ui.view import go

PRESENT_WIDGET = "present_toggle"

# Streamlit's chrome (toolbar, menu, deploy button, navigation, sidebar) hidden; type large
# enough for a 1280x720 screen share; text pure black on white for projectors.
_PRESENTATION_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stMainMenu"],
.stAppDeployButton, .stDeployButton, footer { display: none !important; }
.block-container { padding-top: 1rem !important; padding-bottom: 1rem !important; max-width: 100% !important; }
html, body, .stApp { color: #000000; }
.stApp [data-testid="stMarkdownContainer"] p, .stApp [data-testid="stMarkdownContainer"] li,
.stApp [data-testid="stHtml"] { font-size: 1.3rem; }
.stApp h1 { font-size: 2rem !important; padding-top: 0 !important; }
.stApp h3 { font-size: 2rem !important; }
.stApp [data-testid="stCaptionContainer"] { font-size: 1.05rem; color: #222222; }
.st-key-map_header h1 { font-size: 1.9rem !important; }
[data-testid="stColumn"]:has(iframe[title="streamlit_folium.st_folium"]) { top: 0.5rem !important; }
.st-key-language_switch_box { top: 0.1rem !important; right: 1rem !important; }
.st-key-map_header { padding-right: 6.5rem; }  /* room for the language switch in the corner */
</style>"""


# The map page's layout at desktop widths: a compact title, so the map starts higher; and the map
# column stays in view (sticky) while the panel beside it scrolls through a country's sources.
# The map frame sizes itself to the window below its top (render.map_fitting.FitToWindow).
_LAYOUT_CSS = """<style>
.st-key-map_header h1 { font-size: 2.1rem; padding: 0.25rem 0; }
@media (min-width: 900px) {
  [data-testid="stHorizontalBlock"]:has(iframe[title="streamlit_folium.st_folium"]) { align-items: flex-start; }
  [data-testid="stColumn"]:has(iframe[title="streamlit_folium.st_folium"]) {
    position: sticky; top: 3.75rem; z-index: 2; }
}
</style>"""


def layout_style() -> None:
    """The map page's layout (see _LAYOUT_CSS); presentation mode adds its own styles on top."""
    st.html(_LAYOUT_CSS)


def presentation_style(present: bool) -> None:
    """The projector styles; sent before anything else so the page never shows unstyled."""
    if present:
        st.html(_PRESENTATION_CSS)


def page_title(snapshot: Snapshot) -> None:
    """The browser tab's title (and so a bookmark's and the history's) names the view: its
    country and date, or the date alone."""
    lang, when = snapshot.lang, format_date(snapshot.as_of, snapshot.lang)
    if snapshot.details:
        title = t("page.title_country", lang, country=snapshot.details.name, date=when)
    else:
        title = t("page.title_date", lang, date=when)
    st.set_page_config(page_title=title)


def presentation_toggle(snapshot: Snapshot) -> None:
    """The switch: presentation mode is part of the view, so a link can open a briefing."""
    st.session_state[PRESENT_WIDGET] = snapshot.view.present
    st.toggle(
        t("present.toggle", snapshot.lang),
        key=PRESENT_WIDGET,
        help=t("present.help", snapshot.lang),
        on_change=_toggled,
        args=(snapshot,),
    )


def _toggled(snapshot: Snapshot) -> None:
    present = bool(st.session_state.get(PRESENT_WIDGET))
    go(snapshot.view.with_changes(present=present, step=None), snapshot.today)


def tour_controls(snapshot: Snapshot) -> None:
    """Previous / next buttons (also the Left and Right keys, wherever focus is) and the step's
    text; Esc leaves presentation mode. Off the tour (after a click on a country that has no
    step) the caption says so, and Next returns to the tour."""
    lang, steps, index = snapshot.lang, snapshot.tour, snapshot.step_index
    back, text, forward, leave = st.columns([1.4, 5, 1.4, 0.6], vertical_alignment="center")
    back.button(
        t("tour.previous", lang),
        key="tour_back",
        shortcut="Left",
        disabled=index is None or index == 0,
        on_click=_move,
        args=(snapshot, (index or 0) - 1),
        width="stretch",
    )
    forward.button(
        t("tour.next", lang),
        key="tour_next",
        shortcut="Right",
        disabled=index is not None and index >= len(steps) - 1,
        on_click=_move,
        args=(snapshot, 0 if index is None else index + 1),
        type="primary",
        width="stretch",
    )
    leave.button(
        "",
        icon=":material/close:",
        key="tour_leave",
        shortcut="Esc",
        help=t("tour.exit_help", lang),
        on_click=go,
        args=(snapshot.view.with_changes(present=False, step=None), snapshot.today),
        width="stretch",
    )
    if index is None:
        name = snapshot.details.name if snapshot.details else ""
        text.markdown(escape_markdown(t("tour.off", lang, name=name)))
        return
    step = steps[index]
    text.markdown(
        f"**{escape_markdown(step.title)}** &nbsp; {t('tour.position', lang, index=index + 1, count=len(steps))}"
        f"  \n{escape_markdown(step.text)}"
    )


def _move(snapshot: Snapshot, index: int) -> None:
    step = snapshot.tour[index]
    st.session_state.pop(CLICKED_KEY, None)  # a tour step moves the map to what it presents
    go(snapshot.view.with_changes(step=tour_step_value(snapshot, index), country=step.iso3), snapshot.today)


def export_buttons(snapshot: Snapshot, countries: pd.DataFrame) -> None:
    """Slide-ready files of what is on screen; each is made only when its button is clicked.

    Under filters the files hold only the recipients shown, and say so: the filters are in the
    image's source line, the HTML map's title and the file name. Images and the HTML map are in
    the view's language; the tables are in English for now.
    """
    lang = snapshot.lang
    labels = {
        "png": t("export.png", lang),
        "svg": t("export.svg", lang),
        "html": t("export.html", lang),
        "csv": t("export.csv", lang),
        "xlsx": t("export.xlsx", lang),
    }
    # In a menu: its buttons are drawn only when it opens, so they cost the page's first paint nothing.
    menu = st.popover(
        t("export.menu", lang), icon=":material/download:", help=t("export.caption", lang), width="content"
    )
    for export_format, label in labels.items():
        menu.download_button(
            label,
            data=partial(export_bytes, snapshot, export_format, 1920, 1080, countries),
            file_name=export_filename(snapshot, export_format),
            mime=MEDIA_TYPES[export_format],
            on_click="ignore",  # downloading must not rerun the page under a presenter
            key=f"export_{export_format}",
            width="stretch",
        )
