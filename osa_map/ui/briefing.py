"""Briefing mode on screen: presentation styling, the guided tour's controls, export buttons.

Streamlit drawing only; the tour's steps come from osa_map.tour and the files from
osa_map.export, both of which run without Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from osa_map.data.dataset import Dataset
from osa_map.i18n import Language, t
from osa_map.model.tour import TourStep, step_index_from_query, step_query_value
from osa_map.render.export import export_bytes, export_filename
from osa_map.render.formats import MEDIA_TYPES
from osa_map.render.text import escape_markdown

PRESENT_KEY = "present"
STEP_KEY = "tour_step"

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
</style>"""


def presentation_on() -> bool:
    """Whether presentation mode is on: ?present=1 on a session's first run, then the toggle."""
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get("present") == "1"
    return bool(st.session_state[PRESENT_KEY])


def presentation_style(present: bool) -> None:
    """The projector styles; sent before anything else so the page never shows unstyled."""
    if present:
        st.html(_PRESENTATION_CSS)


def presentation_toggle(lang: Language = "en") -> None:
    """The switch; the URL follows it, so a link can open a briefing directly."""
    if st.toggle(t("present.toggle", lang), key=PRESENT_KEY, help=t("present.help", lang)):
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]
        st.query_params.pop("step", None)


def tour_controls(steps: Sequence[TourStep], lang: Language = "en") -> tuple[TourStep, bool]:
    """Previous / next buttons (also the Left and Right keys) and the step's text.

    Returns the current step and whether this run moved to it, so the page can point the map
    and the panel at it once, and leave the presenter free to click around afterwards.
    """
    if STEP_KEY not in st.session_state:
        st.session_state[STEP_KEY] = step_index_from_query(st.query_params.get("step"), steps)
        st.session_state["tour_moved"] = True
    index = min(st.session_state[STEP_KEY], len(steps) - 1)
    step = steps[index]
    back, text, forward = st.columns([1.4, 5, 1.4], vertical_alignment="center")
    back.button(
        t("tour.previous", lang),
        key="tour_back",
        shortcut="Left",
        disabled=index == 0,
        on_click=_move,
        args=(index - 1,),
        width="stretch",
    )
    forward.button(
        t("tour.next", lang),
        key="tour_next",
        shortcut="Right",
        disabled=index == len(steps) - 1,
        on_click=_move,
        args=(index + 1,),
        type="primary",
        width="stretch",
    )
    text.markdown(
        f"**{escape_markdown(step.title)}** &nbsp; {t('tour.position', lang, index=index + 1, count=len(steps))}"
        f"  \n{escape_markdown(step.text)}"
    )
    st.query_params["step"] = step_query_value(index)
    moved = st.session_state.pop("tour_moved", False)
    return step, moved


def _move(index: int) -> None:
    st.session_state[STEP_KEY] = index
    st.session_state["tour_moved"] = True


def export_buttons(dataset: Dataset, as_of: date, countries: pd.DataFrame, lang: Language = "en") -> None:
    """Slide-ready files of what is on screen; each is made only when its button is clicked.

    Images and the HTML map are in `lang`; the tables are in English for now.
    """
    labels = {
        "png": t("export.png", lang),
        "svg": t("export.svg", lang),
        "html": t("export.html", lang),
        "csv": t("export.csv", lang),
        "xlsx": t("export.xlsx", lang),
    }
    # In a menu: its buttons are drawn only when it opens, so they cost the page's first paint nothing.
    menu = st.popover(t("export.menu", lang), icon=":material/download:", help=t("export.caption", lang))
    for export_format, label in labels.items():
        menu.download_button(
            label,
            data=partial(export_bytes, dataset, as_of, export_format, 1920, 1080, countries, lang),
            file_name=export_filename(as_of, export_format),
            mime=MEDIA_TYPES[export_format],
            on_click="ignore",  # downloading must not rerun the page under a presenter
            key=f"export_{export_format}",
            width="stretch",
        )
