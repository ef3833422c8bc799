"""Streamlit controls for exploring the programme: the timeline (date, fiscal years, Play) and filters."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from osa_map.data.dataset import Dataset, data_directory
from osa_map.data.regions import REGION_KEYS, parse_regions, regions_path
from osa_map.data.schema import EQUIPMENT_CATEGORIES, STATUSES
from osa_map.i18n import Language, format_date, status_label, t
from osa_map.model.timeline import (
    change_dates,
    fiscal_year_of,
    fiscal_year_shortcuts,
    fiscal_year_start,
    next_change_date,
)
from osa_map.model.view import AS_OF_PARAM, FILTER_PARAMS, ExploreState, parse_state, state_to_params

AS_OF_VALUE = "explore_as_of"  # the date the reader chose; None means today
PLAYING = "explore_playing"
LAST_STEP_AT = "explore_last_step_at"  # time.monotonic() of the last Play step
PLAY_INTERVAL_S = 1.5  # long enough to read the legend at each step
FILTER_VALUE = {name: f"explore_filter_{name}" for name in FILTER_PARAMS}
_WIDGET = "{}_widget"


@st.cache_data(show_spinner=False, max_entries=4)
def _regions(path: str, modified: float) -> dict[str, str]:
    return parse_regions(Path(path).read_text(encoding="utf-8"))


def regions() -> dict[str, str]:
    """ISO3 -> UN M49 sub-region key, from regions.csv (re-read when the file changes)."""
    path = regions_path(data_directory())
    return _regions(str(path), path.stat().st_mtime) if path.is_file() else {}


def filter_options(dataset: Dataset, country_regions: Mapping[str, str]) -> dict[str, list[str]]:
    """The keys each filter offers: every cohort, status and category; the regions recipients are in."""
    used_regions = {country_regions.get(iso3) for iso3 in dataset.ledger["iso3"]}
    return {
        "cohort": list(dataset.cohorts["key"]),
        "status": list(STATUSES),
        "category": list(EQUIPMENT_CATEGORIES),
        "region": [key for key in REGION_KEYS if key in used_regions],
    }


def filter_label(name: str, key: str, dataset: Dataset, lang: Language) -> str:
    if name == "cohort":
        return dataset.cohort_label(key, lang)
    if name == "status":
        return status_label(key, lang)
    return t(f"explore.{name}.{key}", lang)


# --- state from and to the URL ------------------------------------------------------------------


def _read_link_once(options: Mapping[str, Sequence[str]], lang: Language) -> None:
    """On a session's first run the URL decides; afterwards the session does, and the URL follows."""
    if AS_OF_VALUE in st.session_state:
        return
    state = parse_state(st.query_params.to_dict(), options)
    st.session_state[AS_OF_VALUE] = state.as_of
    for name in FILTER_PARAMS:
        st.session_state[FILTER_VALUE[name]] = list(getattr(state, name))
    if state.problems:
        st.toast(t("explore.bad_link", lang, values=", ".join(state.problems)), icon=":material/warning:")


def current_state(today: date) -> ExploreState:
    as_of = st.session_state.get(AS_OF_VALUE)
    return ExploreState(
        as_of=as_of if as_of and as_of != today else None,
        **{name: tuple(st.session_state.get(FILTER_VALUE[name], ())) for name in FILTER_PARAMS},
    )


def write_link(state: ExploreState, today: date, with_filters: bool = True) -> None:
    """Rewrite the URL's explore parameters (only these: country, lang, present are other modules')."""
    params = state_to_params(state, today)
    for name in (AS_OF_PARAM, *FILTER_PARAMS):
        if name in FILTER_PARAMS and not with_filters:
            continue
        if name in params:
            st.query_params[name] = params[name]
        else:
            st.query_params.pop(name, None)


def chosen_view(
    dataset: Dataset, country_regions: Mapping[str, str], lang: Language, today: date
) -> tuple[date, ExploreState]:
    """The date and filters the reader chose, before any widget is drawn: the page can draw the
    map first. On a session's first run the URL decides. controls() then draws the same values."""
    _read_link_once(filter_options(dataset, country_regions), lang)
    return as_of_date(today), current_state(today)


def as_of_date(today: date) -> date:
    """The date the pages show: the reader's choice, else today."""
    return current_state(today).as_of or today


# --- the timeline -------------------------------------------------------------------------------


def _date_range(dataset: Dataset, today: date) -> tuple[date, date]:
    dates = change_dates(dataset.ledger, until=today)
    first = dates[0] if dates else today
    return fiscal_year_start(fiscal_year_of(first)), today


def _clamp(day: date, bounds: tuple[date, date]) -> date:
    return min(max(day, bounds[0]), bounds[1])


def _set_as_of(day: date | None) -> None:
    st.session_state[AS_OF_VALUE] = day


def _copy_widget(value_key: str) -> None:
    st.session_state[value_key] = st.session_state[_WIDGET.format(value_key)]


def date_control(dataset: Dataset, lang: Language, today: date, label_key: str = "explore.as_of") -> date:
    """The as-of date picker (on the Data and Programme pages, and in the map's calendar menu); the URL
    keeps ?as_of=."""
    options = filter_options(dataset, regions())
    _read_link_once(options, lang)
    bounds = _date_range(dataset, today)
    widget = _WIDGET.format(AS_OF_VALUE)
    st.session_state[widget] = _clamp(st.session_state.get(AS_OF_VALUE) or today, bounds)
    st.date_input(
        t(label_key, lang),
        key=widget,
        min_value=bounds[0],
        max_value=bounds[1],
        format="YYYY-MM-DD",
        help=t("explore.as_of_help", lang),
        on_change=_copy_widget,
        args=(AS_OF_VALUE,),
    )
    as_of = as_of_date(today)
    write_link(current_state(today), today, with_filters=False)
    return as_of


def controls(
    dataset: Dataset, country_regions: Mapping[str, str], lang: Language, today: date
) -> tuple[date, ExploreState]:
    """One row above the map: date, fiscal-year shortcuts, Play/Stop and the filters.

    One row keeps the map above the fold on a 1440x900 screen and a 1280x720 share. Returns the
    date the map shows and the whole view (date and filters), which is also written to the URL.
    """
    dates = change_dates(dataset.ledger, until=today)
    bounds = _date_range(dataset, today)
    shortcuts = fiscal_year_shortcuts(bounds[0], today)
    playing = bool(st.session_state.get(PLAYING))
    picker, years, play, filter_menu = st.columns(
        [1.3, 0.9 * len(shortcuts) + 0.8, 0.9, 0.9], vertical_alignment="bottom"
    )
    # The calendar sits in a menu labelled with the date: drawn only when opened, it adds nothing
    # to the page's first paint (docs/performance.md), and the date stays in view.
    with (
        picker,
        st.popover(
            format_date(as_of_date(today), lang),
            icon=":material/calendar_month:",
            help=t("explore.as_of_help", lang),
            width="stretch",
        ),
    ):
        as_of = date_control(dataset, lang, today)
    with years:
        # A button per fiscal year plus Today; each sets the date and reruns.
        for column, (year, day) in zip(st.columns(len(shortcuts) + 1), [*shortcuts, (None, None)], strict=True):
            column.button(
                t("explore.fiscal_year_button", lang, year=year) if year else t("explore.today", lang),
                key=f"explore_fy_{year or 'today'}",
                help=t("explore.fiscal_year_help", lang, date=format_date(day or today, lang)),
                on_click=_set_as_of,
                args=(day if day != today else None,),
                type="primary" if (day or today) == as_of else "secondary",
                width="stretch",
                disabled=playing,
            )
    with play:
        if playing:
            step = sum(day <= as_of for day in dates)
            st.button(
                t("explore.stop", lang),
                key="explore_stop",
                help=t("explore.playing", lang, date=format_date(as_of, lang), step=step, total=len(dates)),
                on_click=_stop,
                width="stretch",
            )
        else:
            st.button(
                t("explore.play", lang),
                key="explore_play",
                help=t("explore.play_help", lang),
                on_click=_start,
                args=(dates, as_of),
                width="stretch",
                disabled=not dates,
            )
        # Called on every run, playing or not, so the elements after it keep their place and the
        # map is updated in place rather than replaced (a replaced map reloads at each step).
        st.fragment(run_every=PLAY_INTERVAL_S if playing else None)(_tick)(dates, today)
    with filter_menu:
        state = filters(dataset, country_regions, lang, today)
    return as_of, state


def _start(dates: list[date], current: date) -> None:
    st.session_state[PLAYING] = True
    st.session_state[LAST_STEP_AT] = time.monotonic()
    if next_change_date(dates, current) is None:  # at the end: play from the beginning
        _set_as_of(dates[0])


def _stop() -> None:
    st.session_state[PLAYING] = False


def _tick(dates: list[date], today: date) -> None:
    """One step of Play: move to the next change date (at the end, today) and redraw the page."""
    if not st.session_state.get(PLAYING):
        return
    # The fragment also runs within every full run of the page; only a timer tick may step.
    if time.monotonic() - st.session_state.get(LAST_STEP_AT, 0.0) < PLAY_INTERVAL_S * 0.8:
        return
    st.session_state[LAST_STEP_AT] = time.monotonic()
    following = next_change_date(dates, st.session_state.get(AS_OF_VALUE) or today)
    if following is None:
        _set_as_of(None)
        st.session_state[PLAYING] = False
    else:
        _set_as_of(following)
    st.rerun()


# --- filters ------------------------------------------------------------------------------------


def filters(dataset: Dataset, country_regions: Mapping[str, str], lang: Language, today: date) -> ExploreState:
    """One multiselect per filter (empty = all); returns the whole view and writes it to the URL."""
    options = filter_options(dataset, country_regions)
    _read_link_once(options, lang)
    active = any(st.session_state.get(FILTER_VALUE[name]) for name in FILTER_PARAMS)
    # The label stays the same whatever is chosen: a new label would close the menu at each choice.
    with st.popover(t("explore.filters", lang), icon=":material/filter_list:", width="stretch"):
        for name in FILTER_PARAMS:
            widget = _WIDGET.format(FILTER_VALUE[name])
            st.session_state[widget] = [v for v in st.session_state.get(FILTER_VALUE[name], []) if v in options[name]]
            st.multiselect(
                t(f"explore.filter_{name}", lang),
                options=options[name],
                format_func=lambda key, name=name: filter_label(name, key, dataset, lang),
                key=widget,
                placeholder=t("explore.filter_all", lang),
                on_change=_copy_widget,
                args=(FILTER_VALUE[name],),
            )
        st.button(t("explore.clear_filters", lang), key="explore_clear", on_click=_clear_filters, disabled=not active)
    state = current_state(today)
    write_link(state, today)
    return state


def _clear_filters() -> None:
    for name in FILTER_PARAMS:
        st.session_state[FILTER_VALUE[name]] = []


def filter_summary(shown: pd.DataFrame, standing: pd.DataFrame, state: ExploreState, lang: Language) -> None:
    """How many recipients the filters let through (drawn in the side panel, so the map keeps its place)."""
    if state.is_filtered():
        st.caption(t("explore.filter_summary", lang, shown=len(shown), total=len(standing)))
