"""The View in Streamlit: read from the URL on every run, written back once per user action.

The address bar is the one source of truth for what the screen shows. Nothing about the view is
kept in session state (except a running Play, which is an animation, not a place), so:

- a link opens exactly what it says;
- each action (a click, a search, a date, a filter, a tour step, the language) calls `go()` once,
  which writes the whole URL in one message: Streamlit pushes one browser-history entry for it;
- Back and Forward make Streamlit rerun the page with the earlier URL, and the page shows that
  view, because it reads nothing else.

Widgets that show part of the view (the date picker, the filter menus, the presentation switch)
are set from the View before they are drawn and call `go()` when changed. Streamlit's own
`bind="query-params"` would bind each widget to its own parameter, but it cannot express one
history entry for a change that moves several (a tour step moves the step and the country), it
forbids writing a bound parameter with st.query_params, and it writes a history entry for each
Play frame; one writer keeps the rule simple.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import streamlit as st

from osa_map.model.view import View, view_from_params, view_to_params

PLAY_DATE = "play_date"  # while Play runs: the frame's date, shown instead of the URL's


def current_view(allowed: Mapping[str, Iterable[str]]) -> View:
    """The view the URL describes (with a running Play's date, if any)."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    view = view_from_params(params, allowed)
    playing = st.session_state.get(PLAY_DATE)
    return view.with_changes(as_of=playing) if playing else view


def go(view: View, today: date) -> None:
    """Show `view`: one write of the whole URL, so one history entry (none if nothing changed)."""
    params = view_to_params(view, today)
    if params != {key: st.query_params.get(key) for key in st.query_params}:
        st.query_params.from_dict(params)
