"""Every page runs through app.py, even on the first link a freshly started server answers.

Streamlit still supports its first multipage scheme, in which each file in `pages/` is an app of
its own. Until a session has run app.py's `st.navigation`, it treats our `pages/` folder that way
(PagesManager.uses_pages_directory, a process-wide flag; AppTest sets it afresh on every run): a
reader whose first link was `/data?lang=ja` got pages/data.py alone, without app.py's page set-up:
no wide layout, no language switch, no `<html lang>`, no skip links. Each page calls
`through_app()` first; in that case it turns the old scheme off and runs app.py in its place, in
the same run, so a click that started the run is not lost (a rerun would drop it). app.py's
`st.navigation` then runs this page again, the ordinary way. Checked in Chromium on a fresh server
(tests/test_browser_data_page.py).
"""

from __future__ import annotations

import runpy

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from osa_map.paths import APP_SCRIPT


def through_app() -> None:
    """Run app.py instead if Streamlit ran this page on its own (see the module's docstring)."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False  # what st.navigation itself sets once it runs
        runpy.run_path(str(APP_SCRIPT), run_name="__main__")
        st.stop()  # app.py has drawn the page; what follows the call in the page is not run twice
