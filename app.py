"""Entry point: `streamlit run app.py`. A router only; the pages and the osa_map package do the work."""

from pathlib import Path

import streamlit as st

from osa_map.assets import publish_leaflet

# A local icon: a Material-icon page_icon makes the browser fetch its SVG from a font CDN.
ICON = Path(__file__).resolve().parent / "static" / "icon.png"

st.set_page_config(page_title="Japan OSA map", page_icon=str(ICON), layout="wide")
publish_leaflet()  # Leaflet is served from this machine; cheap when already in place

st.navigation(
    [
        st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
        st.Page("pages/data.py", title="Data tables", icon=":material/table:"),
        st.Page("pages/programme.py", title="Programme", icon=":material/bar_chart:"),
        st.Page("pages/about.py", title="About the data", icon=":material/menu_book:"),
        st.Page("pages/editor.py", title="Edit data", icon=":material/edit:"),
    ],
    position="top",  # the map gets the full width; nothing to hide on a projector
).run()
