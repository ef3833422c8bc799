"""Entry point: `streamlit run app.py`. A router only; the pages and the osa_map package do the work."""

from datetime import date

import streamlit as st

from osa_map.i18n import t
from osa_map.paths import STATIC_DIR
from osa_map.render.assets import publish_leaflet
from osa_map.ui.a11y import document_setup
from osa_map.ui.guard import refuse_client_cache_clearing
from osa_map.ui.selection import LANGUAGE_BOX, current_language, language_toggle

# A local icon: a Material-icon page_icon makes the browser fetch its SVG from a font CDN.
ICON = STATIC_DIR / "icon.png"

refuse_client_cache_clearing()  # no browser may clear every server cache (osa_map/ui/guard.py)
lang = current_language()  # ?lang=ja or the toggle; every page reads it the same way
st.set_page_config(page_title=t("app.page_title", lang), page_icon=str(ICON), layout="wide")
publish_leaflet()  # Leaflet is served from this machine; cheap when already in place
document_setup(lang)  # <html lang>, visible focus, skip links and landmarks (osa_map/ui/a11y.py)
with st.container(key=LANGUAGE_BOX):  # pinned to the top right by its own style: it takes no row
    language_toggle(date.today())  # on every page; a click switches before the rerun draws anything

pages = st.navigation(
    [
        st.Page("pages/map.py", title=t("nav.map", lang), icon=":material/map:", default=True),
        st.Page("pages/data.py", title=t("nav.data", lang), icon=":material/table:"),
        st.Page("pages/programme.py", title=t("nav.programme", lang), icon=":material/bar_chart:"),
        st.Page("pages/about.py", title=t("nav.about", lang), icon=":material/menu_book:"),
        st.Page("pages/editor.py", title=t("nav.editor", lang), icon=":material/edit:"),
    ],
    position="top",  # the map gets the full width; nothing to hide on a projector
)
pages.run()
