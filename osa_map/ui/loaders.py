"""Cached loaders shared by the pages, and the panel an editor sees when the files are invalid.

Data, boundaries and what is derived from them are cached as resources: one object shared by
every session and every click, never copied, never written to.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from osa_map.data.boundaries import BOUNDARIES_PATH, load_boundaries
from osa_map.data.dataset import Dataset, data_directory, fingerprint, load_dataset
from osa_map.data.lastgood import last_good_directory, remember
from osa_map.data.regions import regions_problem
from osa_map.data.schema import DataError
from osa_map.i18n import Language, t
from osa_map.model.snapshot import Snapshot, build_snapshot
from osa_map.model.view import View
from osa_map.render.assets import publish_generated
from osa_map.render.text import escape_markdown
from osa_map.render.webmap import OutlineUrls, geometry_json, map_geometry, outlines_gzip, prefetch_script
from osa_map.ui.explore import filter_label, filter_options, regions
from osa_map.ui.panel import problems_table


# The spinners are drawn by the callers, in the reader's language, and only until the value is
# built once in this process (`_first_time_with_spinner`).
#
# Data, boundaries and what is derived from them are cached as resources: one object shared by
# every session and every click, never copied. st.cache_data would unpickle a fresh copy at each
# call, ~10 ms a click here (docs/performance.md). Nothing writes to them: pandas' copy-on-write
# keeps a derived frame from writing through to the cached one.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_dataset(directory: str, content_fingerprint: str, _lang: Language = "en") -> Dataset:
    # content_fingerprint is only the cache key: an edited CSV has new bytes, so a new entry.
    # _lang (not part of the key) is the language of reading problems; those raise DataError,
    # which is never cached, so a Dataset built for one language serves both.
    return load_dataset(Path(directory), _lang)


def current_dataset(lang: Language = "en") -> Dataset:
    """The data on disk now; raises DataError with every problem if it is invalid or unreadable.

    fingerprint() never raises and never reads a file over the size limit, so an unreadable or
    huge file reaches the reader as a problem in the panel, not as a traceback.
    """
    directory = data_directory()
    return _first_time_with_spinner(
        t("spinner.data", lang), _load_dataset, str(directory), fingerprint(directory), lang
    )


def _last_good_dataset(directory: Path) -> Dataset | None:
    """The last data that validated (kept on disk by osa_map.lastgood), through the same cache."""
    folder = last_good_directory(directory)
    if folder is None:
        return None
    try:
        return _load_dataset(str(folder), fingerprint(folder))
    except (DataError, OSError):
        return None


@st.cache_resource(show_spinner=False, max_entries=2)
def _map_countries(path: str, modified: float) -> pd.DataFrame:
    return map_geometry(load_boundaries(Path(path)))


def map_countries(lang: Language = "en") -> pd.DataFrame:
    """Boundaries ready for the map, rebuilt only when the boundary file changes."""
    return _first_time_with_spinner(
        t("spinner.boundaries", lang), _map_countries, str(BOUNDARIES_PATH), BOUNDARIES_PATH.stat().st_mtime
    )


# (cached function, arguments) already built by this process. st.spinner starts a timer thread
# and sends two messages even when the cache answers at once: ~10% of a page run's CPU
# (docs/performance.md).
_built_once: set[tuple] = set()


def _first_time_with_spinner(message: str, cached_function, *arguments):
    """cached_function(*arguments), under a spinner only the first time (a cold load takes seconds)."""
    key = (cached_function, arguments)
    if key in _built_once:
        return cached_function(*arguments)
    with st.spinner(message):
        value = cached_function(*arguments)
    _built_once.add(key)
    return value


@st.cache_resource(show_spinner=False, max_entries=4)
def _boundary_names(path: str, modified: float) -> dict[str, str]:
    countries = _map_countries(path, modified)
    return dict(zip(countries["iso3"], countries["name"], strict=True))


def boundary_names() -> dict[str, str]:
    """ISO3 -> Natural Earth's English name of every country on the map."""
    return _boundary_names(str(BOUNDARIES_PATH), BOUNDARIES_PATH.stat().st_mtime)


# Snapshots are small (records and tuples) and immutable, so one per (data version, view, day) is
# kept and shared by every session that shows that view: a click that returns to a view it has
# seen costs a dictionary look-up.
@st.cache_resource(show_spinner=False, max_entries=256)
def _snapshot(
    _dataset: Dataset, data_version: str, view_key: str, _view: View, today: date, names_key: float, regions_key: str
) -> Snapshot:
    country_regions = regions()
    return build_snapshot(
        _dataset,
        _view,
        today,
        boundary_names(),
        country_regions,
        filter_label=lambda name, key, lang: filter_label(name, key, _dataset, lang),
    )


def snapshot_of(dataset: Dataset, view: View, today: date) -> Snapshot:
    """What `view` shows over `dataset` on `today`, derived once and shared."""
    regions_key = repr(sorted(regions().items()))
    modified = BOUNDARIES_PATH.stat().st_mtime
    return _snapshot(dataset, dataset.fingerprint, repr(view), view, today, modified, regions_key)


def allowed_values(dataset: Dataset) -> dict[str, list[str]]:
    """What a link may name: each filter's keys, and every country on the map."""
    return {**filter_options(dataset, regions()), "country": list(boundary_names())}


@st.cache_resource(show_spinner=False, max_entries=2)
def _outline_urls(path: str, modified: float, base_url_path: str) -> OutlineUrls:
    outlines = geometry_json(_map_countries(path, modified))
    geometry = publish_generated("countries", ".json", outlines, base_url_path)
    geometry_gzip = publish_generated("countries", ".json.gz", outlines_gzip(outlines), base_url_path)
    prefetch = publish_generated("countries-prefetch", ".js", prefetch_script(geometry, geometry_gzip), base_url_path)
    return OutlineUrls(geometry, geometry_gzip, prefetch)


def outline_urls() -> OutlineUrls:
    """Where the browser fetches the outlines, once, and caches them (files written at first use)."""
    return _outline_urls(str(BOUNDARIES_PATH), BOUNDARIES_PATH.stat().st_mtime, st.get_option("server.baseUrlPath"))


def dataset_or_stop(lang: Language = "en", report: bool = True) -> Dataset:
    """The dataset; if the files on disk are invalid, an error panel an editor can act on, and
    the last good data so the page still draws. With no good data ever seen, the page stops.

    `report=False` skips the panel when there is data to fall back on, for a fragment inside a
    page that has shown the panel already.
    """
    try:
        dataset = current_dataset(lang)
    except DataError as error:
        fallback = _last_good_dataset(data_directory())
        if report or fallback is None:
            show_data_problems(error, fallback, lang)
        if fallback is None:
            st.stop()
        return fallback
    remember(dataset)  # one small read when the copy is already current; never raises
    if report:
        show_regions_problem(lang)
    return dataset


def show_regions_problem(lang: Language = "en") -> None:
    """A warning when the data folder's regions.csv cannot be used (the shipped one is used instead)."""
    problem = regions_problem(data_directory(), lang)
    if problem:
        # The folder name comes from the server's configuration, but is shown as text all the same.
        st.warning(escape_markdown(problem), icon=":material/warning:")


def show_data_problems(error: DataError, fallback: Dataset | None = None, lang: Language = "en") -> None:
    """The problems in the files on disk, in the reader's language, above the last good data."""
    errors = [p for p in error.problems if p.severity == "error"]
    shown = t("problems.fallback", lang) if fallback is not None else t("problems.nothing", lang)
    st.error(
        t("problems.summary", lang, directory=error.directory, count=len(errors), shown=shown),
        icon=":material/error:",
    )
    problems_table(errors, lang)
    st.caption(t("problems.check", lang))
