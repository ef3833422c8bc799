"""Accessibility aids around the map (issue 13, WCAG 2.2 AA): the document's language, skip links,
the panel as an announced landmark, the map in words, focus that stays visible, and a phone layout.

Streamlit sets no `lang` and offers no landmarks or skip links, so a small script does it in the
page: installed once, it keeps the attributes in place as Streamlit redraws (a MutationObserver)
and takes its texts from the latest run. Its texts come from the catalogue and the Snapshot and
go in as JSON, never as markup. The map's own keyboard access is render/map_keyboard.py.
"""

from __future__ import annotations

import json

import streamlit as st

from osa_map.i18n import Language, country_name, format_date, t, tn
from osa_map.model.snapshot import Snapshot

FOCUS_COLOUR = "#1a56db"  # 5.6:1 on the sea, 6.0:1 on white: a focus ring that shows everywhere
CAPTION_COLOUR = "#5f6270"
PHONE_MAX_WIDTH_PX = 640
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SEARCH_BUTTON = ".st-key-country_search_menu button"  # ui/selection.py's menu: every country, by name

# Every page. Streamlit draws captions at 60% opacity, 3.0-3.9:1 on white (axe: serious); this
# grey at full opacity is 6.2:1.
_PAGE_CSS = f"""<style>
:focus-visible {{ outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px; }}
.stApp [data-testid="stCaptionContainer"] {{ opacity: 1; }}
.stApp [data-testid="stCaptionContainer"], .stApp [data-testid="stCaptionContainer"] p {{ color: {CAPTION_COLOUR}; }}
/* Focus scrolled into view lands below Streamlit's sticky header, never under it (2.4.11). */
html, [data-testid="stMain"], [data-testid="stAppViewContainer"] {{
  scroll-padding-top: 5rem; scroll-padding-bottom: 2rem; }}
/* The date field's day, month and year: 18x20 px targets in Streamlit, 24x24 here (2.5.8). */
.stDateInput [role="spinbutton"] {{ display: inline-flex; align-items: center; justify-content: center;
  min-width: 24px; min-height: 24px; }}
.osa-sr {{ position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
nav.osa-skip a {{ position: fixed; left: -10000px; top: 8px; z-index: 1000010; background: #ffffff; color: #111111;
  padding: 10px 16px; border: 3px solid {FOCUS_COLOUR}; border-radius: 6px; font-weight: 600;
  text-decoration: underline; }}
nav.osa-skip a:focus {{ left: 8px; }}
nav.osa-skip a + a:focus {{ left: 200px; }}
</style>"""

# The map page on a phone: the map on the first screen, the controls row compact, the panel below
# the map (a tap scrolls to it), nothing wider than the screen (1.4.10).
_MAP_PAGE_CSS = f"""<style>
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  .block-container {{ padding: 4.25rem 0.75rem 1rem !important; }}
  .stApp h1 {{ font-size: 1.5rem !important; padding: 0 !important; }}
  /* The title row (exports, presentation) and the timeline row wrap instead of stacking full-width. */
  [data-testid="stHorizontalBlock"]:not(:has(iframe)) {{ flex-flow: row wrap !important; gap: 0.4rem !important; }}
  [data-testid="stHorizontalBlock"]:not(:has(iframe)) > [data-testid="stColumn"] {{
    min-width: 0 !important; width: auto !important; flex: 1 1 auto !important; }}
  [data-testid="stHorizontalBlock"]:not(:has(iframe)) > [data-testid="stColumn"]:has(h1) {{
    flex-basis: 100% !important; }}
  [data-testid="stHorizontalBlock"]:not(:has(iframe)) button {{ min-height: 2.5rem; padding: 0.25rem 0.6rem; }}
  /* The map before the timeline: its row moves up to just below the title. */
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{ display: flex; flex-direction: column; }}
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > div:has(h1) {{ order: -2; }}
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > div:has({MAP_IFRAME}) {{ order: -1; }}
  {MAP_IFRAME} {{ height: min(420px, 55vh) !important; }}
  .stApp {{ overflow-x: hidden; }}
}}
</style>"""

# Installed once per browser tab; each run refreshes window.osaA11yTexts. The panel announces
# itself through one live region that this script owns: Streamlit may replace its own nodes on a
# rerun, and a replaced live region is not announced.
_PAGE_SCRIPT = """<script>
(() => {
  window.osaA11yTexts = __TEXTS__;
  if (window.osaA11y) { window.osaA11y(); return; }
  const MAP = __MAP__, SEARCH = __SEARCH__, PHONE = __PHONE__;
  const nav = document.createElement("nav");
  nav.className = "osa-skip";
  for (const target of ["map", "list"]) {
    const link = document.createElement("a");
    link.href = "#osa-" + target;
    link.dataset.target = target;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const frame = document.querySelector(MAP);
      if (target === "map" && frame) {
        frame.scrollIntoView({block: "center"});
        const map = frame.contentDocument && frame.contentDocument.querySelector(".leaflet-container");
        if (map) map.focus(); else frame.focus();
      } else if (target === "list") {
        const button = document.querySelector(SEARCH);
        if (button) { button.scrollIntoView({block: "center"}); button.focus(); }
      }
    });
    nav.appendChild(link);
  }
  document.body.prepend(nav);
  const live = document.createElement("div");
  live.className = "osa-sr";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
  let announced = null;
  // Only what differs is written: a write is a mutation, and a text written again, even the
  // same, would wake the observer below, which would write it again, 60 times a second.
  function attribute(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
  function update() {
    const texts = window.osaA11yTexts || {};
    if (document.documentElement.lang !== (texts.lang || "en")) document.documentElement.lang = texts.lang || "en";
    const frame = document.querySelector(MAP);
    if (nav.hidden !== !frame) nav.hidden = !frame;
    attribute(nav, "aria-label", texts.skip_label || "");
    for (const link of nav.querySelectorAll("a")) {
      const label = texts["skip_" + link.dataset.target] || "";
      if (link.textContent !== label) link.textContent = label;
    }
    const search = document.querySelector(SEARCH);
    if (search && search.id !== "osa-list") search.id = "osa-list";  // the skip links' targets
    if (frame) {
      if (frame.id !== "osa-map") frame.id = "osa-map";
      attribute(frame, "aria-label", texts.map_label || "");
      attribute(frame, "aria-describedby", "osa-map-summary");
    }
    const marker = document.querySelector(".osa-panel-marker");
    const column = marker && marker.closest('[data-testid="stColumn"]');
    if (!column) return;
    if (column.getAttribute("role") !== "region") {
      column.setAttribute("role", "region");
      column.id = "osa-panel";
    }
    attribute(column, "aria-label", marker.dataset.label || "");
    const text = marker.dataset.announce || "";
    if (text === announced) return;
    if (announced !== null) live.textContent = text;  // not on the page's first drawing
    announced = text;
    if (window.osaPanelWanted && window.matchMedia("(max-width: " + PHONE + "px)").matches) {
      column.scrollIntoView({block: "start"});  // a tap on a phone: the panel is below the map
      // Once more when the panel's content and the map's size have settled: they shift it down.
      setTimeout(() => column.scrollIntoView({block: "start"}), 400);
    }
    window.osaPanelWanted = false;
  }
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; update(); });
  }).observe(document.body, {childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["data-announce"]});
  window.osaA11y = update;
  update();
})();
</script>"""


def _script(texts: dict[str, str]) -> str:
    replacements = {
        "__TEXTS__": json.dumps(texts, ensure_ascii=False).replace("</", "<\\/"),
        "__MAP__": json.dumps(MAP_IFRAME),
        "__SEARCH__": json.dumps(SEARCH_BUTTON),
        "__PHONE__": str(PHONE_MAX_WIDTH_PX),
    }
    script = _PAGE_SCRIPT
    for placeholder, value in replacements.items():
        script = script.replace(placeholder, value)
    return script


def page_texts(lang: Language) -> dict[str, str]:
    """What the page script says, in the reader's language."""
    keys = ("skip_map", "skip_list", "skip_label", "map_label")
    return {"lang": lang, **{key: t(f"a11y.{key}", lang) for key in keys}}


def document_setup(lang: Language) -> None:
    """Every page: `<html lang>` for screen readers and hyphenation (3.1.1), focus that always
    shows, captions at 4.5:1. Streamlit offers no way to set `lang`: a script sets it, and the
    map page's script keeps it (a script in st.html runs only when its text changes)."""
    st.html(_PAGE_CSS)  # style only: Streamlit puts it outside the page's layout
    st.html(_script(page_texts(lang)), unsafe_allow_javascript=True)


def map_page_aids() -> None:
    """The map page on a phone: the map on the first screen, the controls compact (the skip links
    and the panel's landmark come from document_setup's script and panel.landmark)."""
    st.html(_MAP_PAGE_CSS)


def summary_text(snapshot: Snapshot) -> str:
    """The map in words, from the Snapshot: "As known on 1 Dec 2026: 13 recipients; Inaugural
    (FY2023) 4: Bangladesh, Fiji, ...; ...". What a screen reader reads in place of the colours."""
    lang = snapshot.lang
    separator = t("tour.list_separator", lang)
    shown = sum(cohort.shown for cohort in snapshot.cohorts)
    parts = [tn("a11y.summary", lang, shown, date=format_date(snapshot.as_of, lang))]
    for cohort in snapshot.cohorts:
        members = separator.join(cohort.members) or t("panel.none_yet", lang)
        part = t("a11y.summary_cohort", lang, label=cohort.label, count=cohort.shown, members=members)
        if cohort.hidden:
            part += f" ({tn('a11y.summary_hidden', lang, cohort.hidden)})"
        parts.append(part)
    return "; ".join(parts) + "."


def announcement(snapshot: Snapshot) -> str:
    """What the panel's live region says when the panel changes: the country, cohort and status."""
    lang = snapshot.lang
    details = snapshot.details
    if details is None:
        return t("a11y.showing_none", lang)
    text = t("a11y.showing", lang, name=country_name(details.iso3, lang, details.name))  # as the panel names it
    if details.is_recipient:
        return f"{text}: {details.cohort_label} · {details.status_label}"
    return text
