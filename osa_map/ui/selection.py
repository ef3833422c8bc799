"""Selection, search and language: one country at a time, kept in the URL."""

from __future__ import annotations

import streamlit as st

from osa_map.data.dataset import Dataset
from osa_map.i18n import Language, cohort_label, country_name, language_from, t
from osa_map.render.webmap import clicked_country

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
