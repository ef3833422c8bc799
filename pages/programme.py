"""The programme as a whole: budget by fiscal year, totals, the timeline of exchanges of notes."""

import streamlit as st

from osa_map import ui
from osa_map.i18n import t

lang = ui.current_language()
st.title(t("nav.programme", lang), anchor=False)
