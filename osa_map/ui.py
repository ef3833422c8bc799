"""Streamlit drawing shared by the pages: cached loaders, the country panel, the error panel.

This is the only module of the package that imports streamlit; data, boundaries and map
building stay free of it so they run in tests and on the command line.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from osa_map import lastgood
from osa_map.assets import publish_generated
from osa_map.boundaries import BOUNDARIES_PATH, load_boundaries
from osa_map.data import DataError, Dataset, data_directory, fingerprint, load_dataset
from osa_map.details import CountryDetails, Source, country_details
from osa_map.formatting import escape_markdown
from osa_map.i18n import (
    Language,
    cohort_label,
    confidence_label,
    country_name,
    fiscal_years,
    format_date,
    language_from,
    t,
)
from osa_map.mapview import (
    OutlineUrls,
    clicked_country,
    geometry_json,
    map_geometry,
    outlines_gzip,
    prefetch_script,
)
from osa_map.names import names_on_map


# The spinners are drawn by the callers, in the reader's language, and only until the value is
# built once in this process (`_first_time_with_spinner`).
#
# Data, boundaries and what is derived from them are cached as resources: one object shared by
# every session and every click, never copied. st.cache_data would unpickle a fresh copy at each
# call, ~10 ms a click here (docs/performance.md). Nothing writes to them: pandas' copy-on-write
# keeps a derived frame from writing through to the cached one.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_dataset(directory: str, content_fingerprint: str) -> Dataset:
    # content_fingerprint is only the cache key: an edited CSV has new bytes, so a new entry.
    return load_dataset(Path(directory))


def current_dataset(lang: Language = "en") -> Dataset:
    """The data on disk now; raises DataError with every problem if it is invalid."""
    directory = data_directory()
    return _first_time_with_spinner(t("spinner.data", lang), _load_dataset, str(directory), fingerprint(directory))


def _last_good_dataset(directory: Path) -> Dataset | None:
    """The last data that validated (kept on disk by osa_map.lastgood), through the same cache."""
    folder = lastgood.last_good_directory(directory)
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
def _names(
    _countries: pd.DataFrame, _dataset: Dataset, boundaries_modified: float, data_version: str
) -> dict[str, str]:
    return names_on_map(_countries, _dataset.ledger)


def names_of(countries: pd.DataFrame, dataset: Dataset) -> dict[str, str]:
    """ISO3 -> English name of every country on the map, per boundary file and data version."""
    return _names(countries, dataset, BOUNDARIES_PATH.stat().st_mtime, dataset.fingerprint)


@st.cache_resource(show_spinner=False, max_entries=64)
def _details(_dataset: Dataset, data_version: str, iso3: str, name: str, as_of: date, lang: Language) -> CountryDetails:
    return country_details(_dataset, iso3, name, as_of, lang=lang)


def details_of(dataset: Dataset, iso3: str, name: str, as_of: date, lang: Language = "en") -> CountryDetails:
    """The panel's facts for one country on one date, computed once per data version."""
    return _details(dataset, dataset.fingerprint, iso3, name, as_of, lang)


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
    lastgood.remember(dataset)  # one small read when the copy is already current
    return dataset


def show_data_problems(error: DataError, fallback: Dataset | None = None, lang: Language = "en") -> None:
    """The problems in the files on disk; the messages themselves are the validator's (English)."""
    errors = [p for p in error.problems if p.severity == "error"]
    shown = t("problems.fallback", lang) if fallback is not None else t("problems.nothing", lang)
    st.error(
        t("problems.summary", lang, directory=error.directory, count=len(errors), shown=shown),
        icon=":material/error:",
    )
    # st.dataframe shows cell text as text, so a hostile value in a message cannot run.
    st.dataframe(
        [
            {
                t("problems.file", lang): p.file,
                t("problems.row", lang): p.row,
                t("problems.column", lang): p.column or "",
                t("problems.problem", lang): p.message,
            }
            for p in sorted(errors, key=lambda p: (p.file, p.row or 0))
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption(t("problems.check", lang))


def source_markdown(source: Source, lang: Language = "en") -> str:
    title = escape_markdown(source.title)
    if source.url:
        # Parentheses and spaces would end a markdown link early; percent-encode them.
        url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        return f"[{title}]({url})"
    return f"{title} {t('panel.link_not_verified', lang)}"


def cohort_chip(label: str, colour: str) -> str:
    """A coloured cohort badge; colour is validated #RRGGBB, label is escaped.

    Drawn with st.html, not st.markdown(unsafe_allow_html=True): HTML inside markdown makes the
    browser load a 190 KB parser before the page can finish (docs/performance.md).
    """
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    text = "#000000" if (0.299 * red + 0.587 * green + 0.114 * blue) > 140 else "#ffffff"
    return (
        f'<span style="background:{colour};color:{text};padding:2px 10px;border-radius:12px;'
        f'font-weight:600">{html.escape(label)}</span>'
    )


def country_panel(details: CountryDetails, lang: Language = "en") -> None:
    """The side panel for one country. Every CSV value is escaped before it is drawn.

    `details` should come from country_details(..., lang) so its status, cohort and yen match.
    """
    name = country_name(details.iso3, lang, details.name)
    st.subheader(name, anchor=False)
    if not details.is_recipient:
        st.info(
            t("panel.not_recipient", lang, name=escape_markdown(name), date=format_date(details.as_of, lang)),
            icon=":material/info:",
        )
        return

    st.html(cohort_chip(details.cohort_label, details.cohort_colour))
    facts = [
        (t("panel.status", lang), details.status_label),
        (t("panel.fiscal_years", lang), fiscal_years(list(details.fiscal_years), lang)),
        (t("panel.confidence", lang), confidence_label(details.confidence, lang) or t("panel.not_stated", lang)),
    ]
    st.markdown("  \n".join(f"**{label}:** {escape_markdown(value)}" for label, value in facts))
    if details.summary:
        st.markdown(escape_markdown(details.summary))
    if details.notes:
        st.caption(t("panel.note", lang, note=escape_markdown(details.notes)))

    st.markdown(f"##### {t('panel.packages', lang)}")
    if not details.packages:
        st.caption(t("panel.no_packages", lang))
    for package in details.packages:
        when = format_date(package.notes_date, lang) + (f", {package.notes_place}" if package.notes_place else "")
        lines = [
            f"**{t('fy', lang, year=package.fiscal_year)} · {escape_markdown(package.amount)}**",
            escape_markdown(package.equipment),
            " · ".join(
                escape_markdown(part)
                for part in (
                    package.recipient_unit,
                    t("panel.notes_exchanged", lang, when=when),
                    confidence_label(package.confidence, lang),
                )
                if part
            ),
        ]
        if package.notes:
            lines.append(f"*{escape_markdown(package.notes)}*")
        st.markdown("  \n".join(lines))

    st.markdown(f"##### {t('panel.sources', lang)}")
    st.markdown(
        "\n".join(f"- {source_markdown(source, lang)}" for source in details.sources) or t("panel.no_sources", lang)
    )
    reviewed = format_date(details.last_reviewed, lang) if details.last_reviewed else t("panel.not_recorded", lang)
    st.caption(t("panel.entry_dated", lang, updated=format_date(details.updated, lang), reviewed=reviewed))
    count = len(details.history)
    history_key = "panel.history.one" if count == 1 else "panel.history.other"
    with st.expander(t(history_key, lang, count=count)):
        for entry in reversed(details.history):
            sources = "; ".join(source_markdown(s, lang) for s in entry.sources)
            st.markdown(
                f"**{format_date(entry.as_of, lang)}** · {escape_markdown(entry.cohort_label)} · "
                f"{escape_markdown(entry.status_label)}  \n{escape_markdown(entry.summary)}  \n{sources}"
            )


def empty_panel(dataset: Dataset, standing, names: dict[str, str], as_of: date, lang: Language = "en") -> None:
    """Before a choice: say what to do, and list who is where so the map's colours have names."""
    st.subheader(t("panel.pick", lang), anchor=False)
    st.markdown(t("panel.pick_help", lang))
    separator = t("tour.list_separator", lang)
    for _, cohort in dataset.cohorts.iterrows():
        members = sorted(
            country_name(code, lang, names[code]) for code in standing.index[standing["cohort"] == cohort["key"]]
        )
        st.html(
            f"<div>{cohort_chip(cohort_label(cohort, lang), cohort['colour'])} &nbsp; "
            f"{html.escape(separator.join(members) or t('panel.none_yet', lang))}</div>"
        )
    st.caption(t("panel.as_known", lang, date=format_date(as_of, lang)))


def apply_page_style() -> None:
    """Less empty space above the title, so the map sits above the fold on a 1280x720 share."""
    st.html("<style>.block-container { padding-top: 3.5rem; }</style>")


# --- selection: one country at a time, kept in the URL so a link opens on it --------------

MAP_KEY = "osa_map"
SELECTION_KEY = "country"  # the selected ISO3 code: plain session state, shown by the panel
ORIGIN_KEY = "selection_origin"  # "link", "search" or "map": only the first two move the map
SEARCH_KEY = "country_search"  # the search box: empty, except between a choice and its rerun
SEARCH_MENU_KEY = "country_search_menu"


def current_selection(names: dict[str, str], lang: Language = "en") -> tuple[str | None, str]:
    """The selected ISO3 code (or None) and where the selection came from.

    On a fresh session the URL decides (?country=PHL); afterwards the session does, and the
    URL is rewritten to match so the address bar is always a shareable link.
    """
    if SELECTION_KEY not in st.session_state:
        code = str(st.query_params.get("country", "")).strip().upper()
        if code and code not in names:
            st.toast(t("search.unknown_code", lang, code=code), icon=":material/warning:")
        st.session_state[SELECTION_KEY] = code if code in names else None
        st.session_state[ORIGIN_KEY] = "link"
    selected = st.session_state[SELECTION_KEY]
    if selected not in names:
        selected = None
    if selected:
        st.query_params["country"] = selected
    elif "country" in st.query_params:
        del st.query_params["country"]
    return selected, st.session_state.get(ORIGIN_KEY, "link")


def country_search(names: dict[str, str], standing, dataset: Dataset, lang: Language = "en") -> None:
    """A type-to-search box over every country, in a menu above the panel; recipients show their
    cohort beside the name.

    In a menu because a search box on the page makes the browser load about twenty files of
    widget code before the map frame (first map 1.61 -> 1.48 s, docs/performance.md); a menu
    loads them when it opens. The box is for going to a country, not a mirror of the selection
    (a box drawn only when its menu opens would show its first option, not the selection):
    choosing moves the selection, empties the box and closes the menu, so the panel shows.
    """
    cohort_labels = {cohort["key"]: cohort_label(cohort, lang) for _, cohort in dataset.cohorts.iterrows()}
    recipient_cohorts = dict(zip(standing.index, standing["cohort"], strict=True))
    # Labels are built once per run: format_func is called for every option on every rerun.
    shown = {code: country_name(code, lang, name) for code, name in names.items()}
    labels = {
        code: f"{name} — {cohort_labels[recipient_cohorts[code]]}" if code in recipient_cohorts else name
        for code, name in shown.items()
    }
    menu = st.popover(
        t("search.label", lang), icon=":material/search:", width="stretch", key=SEARCH_MENU_KEY, on_change="rerun"
    )
    with menu:
        st.selectbox(
            t("search.label", lang),
            options=sorted(shown, key=shown.__getitem__),
            format_func=labels.__getitem__,
            index=None,
            key=SEARCH_KEY,
            placeholder=t("search.placeholder", lang),
            label_visibility="collapsed",  # the menu's button says it; screen readers still hear it
            on_change=_chosen_in_search,
        )


def _chosen_in_search() -> None:
    code = st.session_state.get(SEARCH_KEY)
    if code:
        set_selection(code, "search")
    st.session_state[SEARCH_KEY] = None
    st.session_state[SEARCH_MENU_KEY] = False  # close the menu: the panel under it shows the country


def set_selection(code: str | None, origin: str) -> None:
    """Select a country (or none) by its code, e.g. for a search or a tour step."""
    st.session_state[SELECTION_KEY] = code
    _remember_origin(origin)


def select_from_map_click(known_codes: set[str]) -> None:
    """on_change callback of the map: it returns {"country": ISO3, "click": n} on every click."""
    code = clicked_country(st.session_state.get(MAP_KEY), known_codes)
    if code:
        st.session_state[SELECTION_KEY] = code
        _remember_origin("map")


def _remember_origin(origin: str) -> None:
    st.session_state[ORIGIN_KEY] = origin


# --- language: ?lang=ja or the toggle; the URL follows so a shared link keeps the language ----

LANGUAGE_KEY = "lang"


def current_language() -> Language:
    """The reader's language for this run (English unless ?lang=ja or the toggle says otherwise)."""
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = language_from(st.query_params.get("lang"))
    lang = language_from(st.session_state[LANGUAGE_KEY])
    # Switching pages clears the address bar's parameters; put the language back, so a link copied
    # from any page opens in it. Every page calls this, and a page's own writes to the URL stick
    # (the router's are dropped when it hands over to the page).
    if lang != "en" and st.query_params.get(LANGUAGE_KEY) != lang:
        st.query_params[LANGUAGE_KEY] = lang
    return lang


def language_toggle() -> Language:
    """A one-click switch between English and Japanese, labelled in the other language."""
    lang = current_language()
    # A callback, so the switch happens before the rerun and the whole page (navigation and
    # page title included) is drawn in the new language.
    st.button(t("app.language", lang), key="language_switch", type="tertiary", on_click=_switch_language)
    return lang


def _switch_language() -> None:
    # Written here, in the callback: the router's own query-parameter writes are dropped when
    # st.navigation runs the page. English is the default, so it needs no parameter.
    lang = "ja" if current_language() == "en" else "en"
    st.session_state[LANGUAGE_KEY] = lang
    if lang == "en":
        st.query_params.pop(LANGUAGE_KEY, None)
    else:
        st.query_params[LANGUAGE_KEY] = lang
