"""Streamlit controls for exploring the programme: the timeline (date, fiscal years, Play) and filters.

Each control shows part of the View and, when used, moves to a new View with `ui.view.go`: one
history entry per action. Widgets are set from the View before they are drawn, so after Back or
a link they show what the URL says.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import streamlit as st

from osa_map.data.dataset import Dataset, data_directory
from osa_map.data.regions import REGION_KEYS, parse_regions, regions_path
from osa_map.data.schema import EQUIPMENT_CATEGORIES, STATUSES
from osa_map.i18n import Language, format_date, status_label, t
from osa_map.model.changes import ledger_changes
from osa_map.model.snapshot import Snapshot
from osa_map.model.timeline import (
    change_dates,
    fiscal_year_of,
    fiscal_year_shortcuts,
    fiscal_year_start,
    next_change_date,
)
from osa_map.model.view import FILTER_PARAMS, View
from osa_map.ui.view import PLAY_DATE, go

LAST_STEP_AT = "play_last_step_at"  # time.monotonic() of the last Play step
PLAY_INTERVAL_S = 1.5  # long enough to read the legend at each step
DATE_WIDGET = "as_of_picker"
FILTER_WIDGET = {name: f"filter_{name}_picker" for name in FILTER_PARAMS}
FILTER_MENU = "filter_menu"


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


def report_link_problems(view: View) -> None:
    """Say once per link what it held that could not be used. The values are shown as code, so a
    hostile link cannot put a live link or image into the message."""
    if view.problems and st.session_state.get("reported_link") != view.problems:
        st.session_state["reported_link"] = view.problems
        values = ", ".join(problem.replace("`", "'") for problem in view.problems)
        # Ten seconds, not Streamlit's four: the notice appears while the map is still loading.
        st.toast(t("explore.bad_link", view.lang, values=f"`{values}`"), icon=":material/warning:", duration="long")


# --- the timeline -------------------------------------------------------------------------------


def _date_range(dataset: Dataset, today: date) -> tuple[date, date]:
    dates = change_dates(dataset.ledger, until=today)
    first = dates[0] if dates else today
    return fiscal_year_start(fiscal_year_of(first)), today


def date_control(snapshot: Snapshot, label_key: str = "explore.as_of") -> None:
    """The as-of date picker (on the Data and Programme pages, and in the map's calendar menu)."""
    bounds = _date_range(snapshot.dataset, snapshot.today)
    st.session_state[DATE_WIDGET] = min(max(snapshot.as_of, bounds[0]), bounds[1])
    st.date_input(
        t(label_key, snapshot.lang),
        key=DATE_WIDGET,
        min_value=bounds[0],
        max_value=bounds[1],
        format="YYYY-MM-DD",
        help=t("explore.as_of_help", snapshot.lang),
        on_change=_date_chosen,
        args=(snapshot.view, snapshot.today),
    )


def _date_chosen(view: View, today: date) -> None:
    day = st.session_state.get(DATE_WIDGET)
    go(view.with_changes(as_of=day if day != today else None), today)


def controls(snapshot: Snapshot) -> None:
    """One row above the map: date, fiscal-year shortcuts, Play/Stop and the filters.

    One row keeps the map above the fold on a 1440x900 screen and a 1280x720 share. Each control
    is as wide as its label, so no label is cut short ("2 Dec ...", "F..."): on a narrow window or
    with longer Japanese labels the row wraps instead.
    """
    view, lang, today, as_of = snapshot.view, snapshot.lang, snapshot.today, snapshot.as_of
    dates = change_dates(snapshot.dataset.ledger, until=today)
    bounds = _date_range(snapshot.dataset, today)
    shortcuts = fiscal_year_shortcuts(bounds[0], today)
    playing = st.session_state.get(PLAY_DATE) is not None
    row = st.container(horizontal=True, gap="small", vertical_alignment="bottom", key="timeline_row")
    # The calendar sits in a menu labelled with the date: drawn only when opened, it adds nothing
    # to the page's first paint (docs/performance.md), and the date stays in view.
    with row.popover(
        format_date(as_of, lang),
        icon=":material/calendar_month:",
        help=t("explore.as_of_help", lang),
        width="content",
    ):
        date_control(snapshot)
    # A button per fiscal year plus Today; each moves the view to that date.
    for year, day in [*shortcuts, (None, None)]:
        row.button(
            t("explore.fiscal_year_button", lang, year=year) if year else t("explore.today", lang),
            key=f"explore_fy_{year or 'today'}",
            help=t("explore.fiscal_year_help", lang, date=format_date(day or today, lang)),
            on_click=go,
            args=(view.with_changes(as_of=day if day != today else None), today),
            type="primary" if (day or today) == as_of else "secondary",
            width="content",
            disabled=playing,
        )
    with row:
        if playing:
            step = sum(day <= as_of for day in dates)
            st.button(
                t("explore.stop", lang),
                key="explore_stop",
                help=t("explore.playing", lang, date=format_date(as_of, lang), step=step, total=len(dates)),
                on_click=_stop,
                args=(view, today),
                width="content",
                shortcut="Space",
            )
        else:
            st.button(
                t("explore.play", lang),
                key="explore_play",
                help=t("explore.play_help", lang),
                on_click=_start,
                args=(dates, as_of),
                width="content",
                disabled=not dates,
            )
        # Called on every run, playing or not, so the elements after it keep their place and the
        # map is updated in place rather than replaced.
        st.fragment(run_every=PLAY_INTERVAL_S if playing else None)(_tick)(dates, view, today)
        filters(snapshot)
        if not view.present:  # on a tour the presenter's story comes first, and the map keeps the room
            what_changed(snapshot)


def _start(dates: list[date], current: date) -> None:
    """Play is an animation, not a place: its frames are not written to the URL (no history
    entry per frame); Stop writes the date it stopped on."""
    st.session_state[LAST_STEP_AT] = time.monotonic()
    following = next_change_date(dates, current)
    st.session_state[PLAY_DATE] = following or dates[0]  # at the end: play from the beginning


def _stop(view: View, today: date) -> None:
    day = st.session_state.pop(PLAY_DATE, None)
    go(view.with_changes(as_of=day if day != today else None), today)


def _tick(dates: list[date], view: View, today: date) -> None:
    """One step of Play: move to the next change date (after the last, today, and stop)."""
    current = st.session_state.get(PLAY_DATE)
    if current is None:
        return
    # The fragment also runs within every full run of the page; only a timer tick may step.
    if time.monotonic() - st.session_state.get(LAST_STEP_AT, 0.0) < PLAY_INTERVAL_S * 0.8:
        return
    st.session_state[LAST_STEP_AT] = time.monotonic()
    following = next_change_date(dates, current)
    if following is None:
        st.session_state.pop(PLAY_DATE, None)
        go(view.with_changes(as_of=None), today)
    else:
        st.session_state[PLAY_DATE] = following
    st.rerun()


# --- filters ------------------------------------------------------------------------------------


def filters(snapshot: Snapshot) -> None:
    """One multiselect per filter (empty = all), in a menu whose button counts the active ones."""
    view, lang, dataset = snapshot.view, snapshot.lang, snapshot.dataset
    options = filter_options(dataset, regions())
    active = sum(bool(values) for values in view.filters().values())
    label = t("filters.button_count", lang, count=active) if active else t("explore.filters", lang)
    with st.popover(label, icon=":material/filter_list:", width="content", key=FILTER_MENU):
        for name in FILTER_PARAMS:
            st.session_state[FILTER_WIDGET[name]] = [v for v in getattr(view, name) if v in options[name]]
            st.multiselect(
                t(f"explore.filter_{name}", lang),
                options=options[name],
                format_func=lambda key, name=name: filter_label(name, key, dataset, lang),
                key=FILTER_WIDGET[name],
                placeholder=t("explore.filter_all", lang),
                on_change=_filter_chosen,
                args=(name, view, snapshot.today),
            )
        st.button(
            t("explore.clear_filters", lang),
            key="explore_clear",
            on_click=go,
            args=(view.without_filters(), snapshot.today),
            disabled=not active,
        )


def _filter_chosen(name: str, view: View, today: date) -> None:
    go(view.with_changes(**{name: tuple(st.session_state.get(FILTER_WIDGET[name], ()))}), today)


def filter_summary(snapshot: Snapshot) -> None:
    """How many recipients the filters let through and hide (in the side panel, so the map keeps
    its place); an empty result says so and how to get out of it."""
    if not snapshot.view.is_filtered():
        return
    lang = snapshot.lang
    if not snapshot.shown:
        st.warning(
            t("filters.none_match", lang, date=format_date(snapshot.as_of, lang)), icon=":material/filter_alt_off:"
        )
    total = len(snapshot.recipients)
    st.caption(
        t("explore.filter_summary", lang, shown=len(snapshot.shown), total=total)
        + (f" · {snapshot.hidden_text()}" if snapshot.hidden_count else "")
    )


# --- what changed -------------------------------------------------------------------------------

CHANGES_SHOWN = 12  # the latest events: what a returning reader wants first


def what_changed(snapshot: Snapshot) -> None:
    """A menu of the ledger's latest events, newest first; each opens the map on its country and
    date (one history entry, like any other move)."""
    lang, view, today = snapshot.lang, snapshot.view, snapshot.today
    events = ledger_changes(snapshot.dataset, snapshot.names, lang, today, CHANGES_SHOWN)
    with st.popover(t("changes.title", lang), icon=":material/history:", width="content", key="changes_menu"):
        st.caption(t("changes.caption", lang) if events else t("changes.none", lang))
        for number, change in enumerate(events):
            st.button(
                f"{format_date(change.day, lang)} · {change.name} ({change.status_label})",
                key=f"change_{number}",
                type="tertiary",
                on_click=go,
                args=(view.with_changes(country=change.iso3, as_of=change.day if change.day != today else None), today),
            )
