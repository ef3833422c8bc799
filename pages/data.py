"""The ledger and packages as sortable tables, with their sources and downloads (issue: explore)."""

import streamlit as st

from osa_map import ui
from osa_map.i18n import t

lang = ui.current_language()
st.title(t("nav.data", lang), anchor=False)
