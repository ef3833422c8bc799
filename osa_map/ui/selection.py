"""Choosing a country (map click, search) and the language: each a move to a new View.

The selected country lives in the URL (?country=PHL) like the rest of the view, so Back returns
to the previous country and a copied link opens on it. In presentation mode a click follows the
tour: a recipient's click moves the tour to that country's step, any other click leaves the
tour (the caption says so), so the caption, the panel and the URL always name the same country.
"""

from __future__ import annotations

import json
from datetime import date

import pycountry
import streamlit as st

from osa_map.i18n import language_from, t
from osa_map.model.search import SearchIndex, names_of, normalised, recipients_first, search_index
from osa_map.model.snapshot import OFF_TOUR, Snapshot, step_of_country, tour_step_value
from osa_map.model.view import View
from osa_map.render.assets import JAPANESE_FONT_FAMILY, font_face_css, japanese_text, publish_font_subset
from osa_map.render.text import escape_markdown
from osa_map.render.webmap import clicked_country
from osa_map.ui.view import go

MAP_KEY = "osa_map"
SEARCH_KEY = "country_search"  # the search box: empty, except between a choice and its rerun
SEARCH_MENU_KEY = "country_search_menu"
SEARCH_MISSES = "country_search_misses"  # [typed text, candidate ISO3s...] after a lookup without one answer
CLICKED_KEY = "last_clicked_country"  # the map moves for links, searches and the tour, not for clicks


def view_choosing(snapshot: Snapshot, iso3: str | None) -> View:
    """The view with `iso3` selected; on a tour, its step (or off the tour)."""
    view = snapshot.view
    if not view.present:
        return view.with_changes(country=iso3)
    index = step_of_country(snapshot, iso3) if iso3 else None
    if index is None:
        return view.with_changes(country=iso3, step=OFF_TOUR)
    return view.with_changes(country=iso3, step=tour_step_value(snapshot, index))


def select_from_map_click(snapshot: Snapshot) -> None:
    """on_change callback of the map: it returns {"country": ISO3, "click": n} on every click."""
    code = clicked_country(st.session_state.get(MAP_KEY), set(snapshot.names))
    if code:
        st.session_state[CLICKED_KEY] = code
        go(view_choosing(snapshot, code), snapshot.today)


def country_search(snapshot: Snapshot) -> None:
    """A type-to-search box over every country, in a menu above the panel: recipients first, with
    their cohort beside the name.

    In a menu because a search box on the page makes the browser load about twenty files of
    widget code before the map frame (first map 1.61 -> 1.48 s, docs/performance.md); a menu
    loads them when it opens, and the box takes the focus. The list filters as one types; a name
    it does not hold ("Viet Nam", "Burma", "Phillipines", a Japanese name in the English screen)
    is looked up on Enter by model.search. Choosing moves the view, empties the box and closes
    the menu.
    """
    lang = snapshot.lang
    cohorts = {r.iso3: r.cohort_label for r in snapshot.shown}
    # Labels are built once per run: format_func is called for every option on every rerun.
    labels = {code: f"{name} — {cohorts[code]}" if code in cohorts else name for code, name in snapshot.names.items()}
    menu = st.popover(
        t("search.label", lang), icon=":material/search:", width="stretch", key=SEARCH_MENU_KEY, on_change="rerun"
    )
    with menu:
        st.selectbox(
            t("search.label", lang),
            options=recipients_first(labels, cohorts, snapshot.names),
            format_func=lambda value: labels.get(value, value),
            index=None,
            key=SEARCH_KEY,
            placeholder=t("search.placeholder", lang),
            label_visibility="collapsed",  # the menu's button says it; screen readers still hear it
            accept_new_options=True,  # a name the list does not hold is looked up on Enter
            on_change=_chosen_in_search,
            args=(snapshot,),
        )
        unmatched = st.session_state.get(SEARCH_MISSES)
        if unmatched:
            st.caption(t("search.no_results", lang, query=escape_markdown(unmatched[0])))
            if unmatched[1:]:
                st.caption(t("search.did_you_mean", lang))
            for code in unmatched[1:]:
                st.button(labels.get(code, code), key=f"search_pick_{code}", on_click=_picked, args=(snapshot, code))
        st.html(_search_menu_js(lang), unsafe_allow_javascript=True)


# Drawn only while the menu is open (a popover's content is sent when it opens): put the caret in
# the search box, so a reader can type at once; and word the entry for typed text in the screen's
# language. Streamlit labels it "Add: Phillipines", in English whatever the language, and nothing
# is added: the name is looked up. Only the text node's value changes, so React keeps its nodes;
# an observer words it again whenever Streamlit redraws it.
_SEARCH_MENU_JS = """<script>
(function () {
  window.osaLookUpWords = __WORDS__;
  const reword = () => document.querySelectorAll('[role="option"][data-key="__creatable__"] > div').forEach((label) => {
    const text = label.firstChild;
    if (text && text.nodeType === Node.TEXT_NODE && text.nodeValue.startsWith("Add: ")) {
      const [before, after] = window.osaLookUpWords;
      text.nodeValue = before + text.nodeValue.slice("Add: ".length) + after;
    }
  });
  if (!window.osaLookUpObserver) {
    window.osaLookUpObserver = new MutationObserver(reword);
    window.osaLookUpObserver.observe(document.body, {subtree: true, childList: true, characterData: true});
  }
  (function focus(tries) {
    const box = document.querySelector('[data-testid="stPopoverBody"] input[role="combobox"]');
    if (box) { if (document.activeElement !== box) box.focus(); return; }
    if (tries > 0) setTimeout(() => focus(tries - 1), 50);
  })(40);
})();
</script>"""


def _search_menu_js(lang: str) -> str:
    """The menu's script, with the words around a typed name ("Look up “…”", 「…」を検索)."""
    before, _, after = t("search.look_up", lang, query="\0").partition("\0")
    return _SEARCH_MENU_JS.replace("__WORDS__", json.dumps([before, after]))


def _search_index(snapshot: Snapshot) -> SearchIndex:
    english = {row.iso3: row.country for row in snapshot.dataset.ledger[["iso3", "country"]].itertuples()}
    for code, name in snapshot.names.items():
        if code not in english:
            country = pycountry.countries.get(alpha_3=code)
            english[code] = country.name if country else name
    return search_index(english, display=snapshot.names)


def _chosen_in_search(snapshot: Snapshot) -> None:
    value = st.session_state.get(SEARCH_KEY)
    st.session_state[SEARCH_KEY] = None
    st.session_state.pop(SEARCH_MISSES, None)
    if not value:
        return
    if value not in snapshot.names:  # typed, not picked: look the name up
        found = _search_index(snapshot).find(value, first={r.iso3 for r in snapshot.shown})
        exact = found and normalised(value) in {normalised(name) for name in names_of(found[0], "")}
        if len(found) != 1 and not exact:
            # Nothing, or several candidates: say so in the menu, which stays open.
            st.session_state[SEARCH_MISSES] = [value, *found]
            return
        value = found[0]
    _picked(snapshot, value)


def _picked(snapshot: Snapshot, code: str) -> None:
    st.session_state.pop(SEARCH_MISSES, None)
    st.session_state[SEARCH_MENU_KEY] = False  # close the menu: the panel under it shows the country
    st.session_state.pop(CLICKED_KEY, None)
    go(view_choosing(snapshot, code), snapshot.today)


def map_should_move(snapshot: Snapshot) -> bool:
    """Whether the map should fly to the selected country: yes for a link, a search, Back or a
    tour step; no right after a click on the map, where the reader keeps their own view."""
    selected = snapshot.details.iso3 if snapshot.details else None
    return bool(selected) and st.session_state.get(CLICKED_KEY) != selected


# --- language: part of the view, so a shared link keeps it ----------------------------------


LANGUAGE_KEY = "lang"
LANGUAGE_BOX = "language_switch_box"  # the container app.py draws the switch in
# The switch is pinned to the top right, in Streamlit's header bar beside its menu, so it takes
# no row of its own; in presentation mode (no header bar) ui.briefing moves it to the corner.
_LANGUAGE_CSS = f"""<style>
.st-key-{LANGUAGE_BOX} {{ position: fixed; top: 0.55rem; right: 3.6rem; z-index: 999991; width: auto !important; }}
.st-key-{LANGUAGE_BOX} button {{ min-height: 2.2rem; padding: 0 0.5rem; }}
</style>"""


def current_language() -> str:
    """The reader's language for this run: ?lang=ja, else the session's last choice.

    Switching pages clears the address bar's parameters; the language is put back, so a link
    copied from any page opens in it. Every page calls this through app.py.
    """
    if LANGUAGE_KEY in st.query_params:
        st.session_state[LANGUAGE_KEY] = language_from(st.query_params.get(LANGUAGE_KEY))
    lang = language_from(st.session_state.get(LANGUAGE_KEY))
    if lang != "en" and st.query_params.get(LANGUAGE_KEY) != lang:
        st.query_params[LANGUAGE_KEY] = lang
    return lang


def language_toggle(today: date) -> None:
    """A one-click switch between English and Japanese, labelled in the other language."""
    lang = current_language()
    st.html(_LANGUAGE_CSS.replace("</style>", japanese_font_css(lang) + "</style>"))
    st.button(t("app.language", lang), key="language_switch", type="tertiary", on_click=_switch_language, args=(today,))


@st.cache_resource(show_spinner=False)
def _font_url(lang: str, base_url_path: str) -> str:
    # Subset and written once per character set (static/generated/), then only looked up.
    if lang == "ja":
        return publish_font_subset("ipaexg-ja", japanese_text(), base_url_path)
    return publish_font_subset("ipaexg-switch", t("app.language", "en"), base_url_path)


def japanese_font_css(lang: str, family: str = JAPANESE_FONT_FAMILY) -> str:
    """The @font-face for this language's Japanese text: the UI's characters in Japanese, the
    switch's three in English; so Japanese reads on a machine without CJK fonts, offline."""
    return font_face_css(_font_url(lang, st.get_option("server.baseUrlPath") or ""), family)


def _switch_language(today: date) -> None:
    # Only the language changes: every other parameter of the URL is kept as it is.
    params = {key: st.query_params.get(key) for key in st.query_params}
    lang = "ja" if current_language() == "en" else "en"
    st.session_state[LANGUAGE_KEY] = lang
    if lang == "ja":
        params[LANGUAGE_KEY] = lang
    else:
        params.pop(LANGUAGE_KEY, None)
    st.query_params.from_dict(params)
