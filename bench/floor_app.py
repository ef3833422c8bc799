"""The stack floor: a page holding only streamlit-folium's map of the same outlines.

The same folium map the OSA map draws (local Leaflet, the outlines fetched from the same static
file, the same first view), and nothing else: no navigation, header, timeline, panel or legend
content. What this stack (Streamlit + streamlit-folium) needs at least to show the map; the OSA
map's first map is given as a ratio to it (bench/replicas.py). Streamlit serves /app/static from
the folder beside the script it runs: bench/static is a link to the app's static/ for this page.
"""

import streamlit as st
from streamlit_folium import st_folium

from osa_map.render.assets import leaflet_urls, publish_leaflet
from osa_map.render.webmap import build_map
from osa_map.ui import loaders

st.set_page_config(page_title="Stack floor", layout="wide")
publish_leaflet()
countries = loaders.map_countries("en")
dataset = loaders.dataset_or_stop("en", report=False)
st_folium(
    build_map(countries, leaflet_urls(), loaders.outline_urls(), fit_codes=dataset.ledger["iso3"]),
    key="map",
    height=580,
    use_container_width=True,
    returned_objects=[],
)
