"""The baseline: an empty Streamlit page (one title, one line of text)."""

import streamlit as st

st.title("Empty page")
st.write("Baseline text for the benchmark.")
