"""Briefing-grade screens in Chromium (issue 12), checked on element boxes, not by eye.

- At 1280x720, every tour step's countries are fully inside the map and clear of the legend, in
  English and Japanese; the map fills the window below its top edge (no fixed 580 px).
- The first view shows every recipient and the legend without scrolling, in both modes, and is
  fitted again when the window is resized.
- No label is cut short ("Ex...", "2 Dec ...") at 900-1280 px in either language, and the
  language switch takes no row of its own.
- The map stays in view while the panel scrolls (desktop widths).
- The search box has the focus when its menu opens, words its "look up" entry in the screen's
  language, and finds aliases, typos and names in the
  other language; a name it cannot place says so in the screen's language.
- The tab's title names the view's country and date; "What changed" opens the latest events.
- Japanese is drawn with a web font served by the app: the UI's subset only in Japanese, the
  switch's three characters in English.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.support.browser import MAP_IFRAME, wait_for_map, wait_until_idle

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 60_000
SETTLE_TIMEOUT_S = 15

# Each country's bounding box and the legend's box, in the map container's pixels.
BOXES_JS = """(codes) => {
  const map = window.map, frame = map.getContainer().getBoundingClientRect();
  const boxes = {};
  for (const key in map._layers) {
    const layer = map._layers[key];
    if (layer.feature && codes.includes(layer.feature.id) && layer.getBounds) {
      const b = layer.getBounds();
      const nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
      boxes[layer.feature.id] = {left: nw.x, top: nw.y, right: se.x, bottom: se.y};
    }
  }
  const legend = document.getElementById("osa-legend").getBoundingClientRect();
  return {
    boxes: boxes,
    legend: {left: legend.left - frame.left, top: legend.top - frame.top,
             right: legend.right - frame.left, bottom: legend.bottom - frame.top},
    width: frame.width, height: frame.height,
  };
}"""

# Every element whose text is cut short: CSS ellipsis, or text wider than its box.
TRUNCATED_JS = """() => {
  const found = [];
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  for (const element of main.querySelectorAll('button *, label *, [data-testid="stWidgetLabel"] *')) {
    if (!element.textContent.trim() || element.children.length) continue;
    if (element.closest('[data-testid^="stIcon"]')) continue;  // icon ligatures ("close") are glyphs
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;  // text for screen readers only
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const clipped = style.textOverflow === "ellipsis" || style.overflow === "hidden";
    if (clipped && element.scrollWidth > element.clientWidth + 1) found.push(element.textContent.trim());
  }
  return found;
}"""


def tour_codes(lang: str) -> list[tuple[str, list[str]]]:
    """Each step of today's tour and the countries it must show: (step label, ISO3 codes)."""
    from osa_map.data.dataset import load_dataset
    from osa_map.model.standings import recipients_as_of
    from osa_map.model.tour import tour_steps

    dataset = load_dataset()
    today = date.today()
    standing = recipients_as_of(dataset.ledger, today)
    steps = []
    for index, step in enumerate(tour_steps(dataset, today, lang=lang)):
        if step.kind == "overview":
            codes = list(standing["iso3"])
        elif step.kind == "cohort":
            codes = list(standing[standing["cohort"] == step.cohort_key]["iso3"])
        else:
            codes = [step.iso3]
        steps.append((f"{index + 1} {step.kind} {step.iso3 or step.cohort_key or ''}", codes))
    return steps


def problems_with(measure: dict, codes: list[str]) -> list[str]:
    """Why the countries are not fully shown clear of the legend (empty when they are)."""
    legend, found = measure["legend"], []
    for code in codes:
        box = measure["boxes"].get(code)
        if box is None:
            found.append(f"{code}: not drawn")
            continue
        if box["left"] < 0 or box["top"] < 0 or box["right"] > measure["width"] or box["bottom"] > measure["height"]:
            found.append(f"{code}: outside the map {box} (map {measure['width']}x{measure['height']})")
        if not (
            box["right"] <= legend["left"]
            or box["left"] >= legend["right"]
            or box["bottom"] <= legend["top"]
            or box["top"] >= legend["bottom"]
        ):
            found.append(f"{code}: under the legend {box} (legend {legend})")
    return found


def settled_problems(frame, codes: list[str]) -> tuple[list[str], dict]:
    """Measure until the view has settled on the countries (or the time is up); the last measure."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        measure = frame.evaluate(BOXES_JS, codes)
        found = problems_with(measure, codes)
        if not found or time.monotonic() > deadline:
            return found, measure
        time.sleep(0.25)


def map_box(page) -> dict:
    return page.locator(MAP_IFRAME).last.bounding_box()


def settled_map_box(page, height: int) -> dict:
    """The map's box once it ends within `height` px (or the time is up): the last measure.

    When the page above the map grows (a tour step's caption), the map's frame is shortened by
    its resize handler a moment after the page has been drawn."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        box = map_box(page)
        if box["y"] + box["height"] <= height + 1 or time.monotonic() > deadline:
            return box
        time.sleep(0.1)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_tour_step_shows_its_countries_clear_of_the_legend_at_1280x720(page, app_server, watch, lang):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/?present=1{'&lang=ja' if lang == 'ja' else ''}")
    frame = wait_for_map(page, LOAD_TIMEOUT_MS)
    failures = []
    for number, (label, codes) in enumerate(tour_codes(lang)):
        if number:
            before = page.url
            page.keyboard.press("ArrowRight")
            page.wait_for_url(lambda url, before=before: url != before, timeout=LOAD_TIMEOUT_MS)
            wait_until_idle(page, LOAD_TIMEOUT_MS)
        box = settled_map_box(page, 720)  # first the map's size, then the view fitted to it
        found, measure = settled_problems(frame, codes)
        failures += [f"step {label}: {problem}" for problem in found]
        if box["y"] + box["height"] > 720 + 1:
            failures.append(f"step {label}: the map runs below the window ({box})")
    assert failures == []
    assert watch.console_errors == []


@pytest.mark.parametrize("query", ["", "?present=1"], ids=["explore", "present"])
def test_the_first_view_shows_every_recipient_and_the_legend_without_scrolling(page, app_server, watch, query):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/{query}")
    frame = wait_for_map(page, LOAD_TIMEOUT_MS)
    codes = tour_codes("en")[0][1]  # the overview: every recipient today
    found, measure = settled_problems(frame, codes)
    assert found == []
    box = map_box(page)
    assert box["y"] + box["height"] <= 720  # the whole map, legend included, above the fold
    assert box["height"] >= 360  # and sized to the window, not a sliver
    legend = measure["legend"]
    assert legend["top"] >= 0 and legend["bottom"] <= measure["height"] and legend["right"] <= measure["width"]
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop + window.scrollY") == 0
    assert watch.console_errors == []


def test_the_map_follows_the_window_size_and_refits(page, app_server, watch):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_server.url)
    frame = wait_for_map(page, LOAD_TIMEOUT_MS)
    codes = tour_codes("en")[0][1]
    small = map_box(page)
    for width, height in [(1920, 1080), (1024, 720), (1280, 720)]:
        page.set_viewport_size({"width": width, "height": height})
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while time.monotonic() < deadline:
            box = map_box(page)
            if abs(box["y"] + box["height"] - (height - 12)) <= 2:
                break
            time.sleep(0.2)
        assert abs(box["y"] + box["height"] - (height - 12)) <= 2, (width, height, box)
        found, _ = settled_problems(frame, codes)
        assert found == [], (width, height)
        if (width, height) == (1920, 1080):
            assert box["height"] > small["height"] + 300  # the larger screen gets a larger map
    assert watch.console_errors == []


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("present", [False, True], ids=["explore", "present"])
def test_no_label_is_cut_short_from_900_to_1280_px(page, app_server, watch, lang, present):
    query = "&".join(part for part in ["present=1" if present else "", "lang=ja" if lang == "ja" else ""] if part)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/?{query}")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    for width in (1280, 1100, 1024, 900):
        page.set_viewport_size({"width": width, "height": 720})
        time.sleep(0.4)  # let the layout follow
        assert page.evaluate(TRUNCATED_JS) == [], width

    # The language switch is pinned beside the page's own controls: it takes no row of its own
    # and covers no other control.
    switch = page.locator(".st-key-language_switch_box button")
    switch_box = switch.bounding_box()
    assert switch_box["height"] < 50
    assert page.locator(".st-key-language_switch_box").evaluate("e => getComputedStyle(e).position") == "fixed"
    header = page.locator(".st-key-map_header").bounding_box()
    assert header["y"] < (80 if present else 130)  # the title row starts where the switch's row used to
    for button in page.locator("[data-testid='stMain'] button").all():
        box = button.bounding_box()
        if not box or button.locator("xpath=ancestor::*[contains(@class,'st-key-language_switch_box')]").count():
            continue
        overlap = not (
            box["x"] >= switch_box["x"] + switch_box["width"]
            or box["x"] + box["width"] <= switch_box["x"]
            or box["y"] >= switch_box["y"] + switch_box["height"]
            or box["y"] + box["height"] <= switch_box["y"]
        )
        assert not overlap, (button.inner_text(), box, switch_box)
    assert watch.console_errors == []


def test_the_map_stays_in_view_while_the_panel_scrolls(page, app_server, watch):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/?country=PHL")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    expect(page.get_by_role("heading", name="Philippines", exact=True)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    panel = page.get_by_role("heading", name="Philippines", exact=True).bounding_box()
    page.mouse.move(panel["x"] + 20, panel["y"] + 20)
    page.mouse.wheel(0, 900)
    time.sleep(0.8)
    scrolled = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop + window.scrollY")
    assert scrolled > 300  # the panel did scroll
    box = map_box(page)
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box
    assert watch.console_errors == []


SEARCHES = [
    ("", "Viet Nam", "Vietnam"),
    ("", "Burma", "Myanmar"),
    ("", "Phillipines", "Philippines"),
    ("", "ベトナム", "Vietnam"),
    ("?lang=ja", "Fiji", "フィジー"),
]


def test_search_finds_aliases_typos_and_the_other_language(page, app_server, watch):
    page.set_viewport_size({"width": 1280, "height": 720})
    for query, typed, heading in SEARCHES:
        page.goto(f"{app_server.url}/{query}")
        wait_for_map(page, LOAD_TIMEOUT_MS)
        page.get_by_role("button", name="国を検索" if query else "Find a country").click()
        expect(page.get_by_role("combobox")).to_be_focused(timeout=LOAD_TIMEOUT_MS)  # no click needed to type
        page.keyboard.type(typed)
        # The entry for the typed name says what Enter does, in the screen's language (Streamlit's
        # own words are "Add: …", in English).
        look_up = f"「{typed}」を検索" if query else f"Look up “{typed}”"
        expect(page.get_by_role("option", name=look_up, exact=True)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_role("listbox")).not_to_contain_text("Add:")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    page.get_by_role("button", name="国を検索").click()
    expect(page.get_by_role("combobox")).to_be_focused(timeout=LOAD_TIMEOUT_MS)
    page.keyboard.type("xyzzy")
    page.keyboard.press("Enter")
    no_results = "「xyzzy」に一致する国はありません"  # in the screen's language, not Streamlit's English
    expect(page.get_by_test_id("stPopoverBody")).to_contain_text(no_results, timeout=LOAD_TIMEOUT_MS)
    assert watch.console_errors == []


def test_the_title_names_the_view_and_what_changed_opens_an_event(page, app_server, watch):
    from osa_map.data.dataset import load_dataset
    from osa_map.model.changes import ledger_changes

    latest = ledger_changes(load_dataset(), {}, "en", date.today(), 1)[0]
    page.goto(f"{app_server.url}/?country=MNG&as_of=2025-03-31")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    expect(page).to_have_title("Mongolia on 31 Mar 2025 · OSA map", timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("button", name="What changed").click()
    page.get_by_test_id("stPopoverBody").get_by_role("button").first.click()
    page.wait_for_url(lambda url: f"country={latest.iso3}" in url, timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_role("heading", name=latest.name, exact=True)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page).to_have_title(re.compile(re.escape(latest.name)), timeout=LOAD_TIMEOUT_MS)
    assert watch.console_errors == []


FONTS_JS = """() => performance.getEntriesByType("resource").map((entry) => entry.name)
    .filter((name) => name.endsWith(".woff")).map((name) => name.split("/").pop())"""


def test_japanese_text_uses_the_served_web_font_and_english_loads_only_the_switch(page, app_server, watch):
    page.goto(app_server.url)
    wait_for_map(page, LOAD_TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready")
    fetched = page.evaluate(FONTS_JS)
    assert fetched and all(name.startswith("ipaexg-switch-") for name in fetched), fetched

    page.goto(f"{app_server.url}/?lang=ja")
    frame = wait_for_map(page, LOAD_TIMEOUT_MS)
    expect(page.get_by_role("button", name="国を検索")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready")
    assert any(name.startswith("ipaexg-ja-") for name in page.evaluate(FONTS_JS))
    loaded = page.evaluate("""() => [...document.fonts].filter((f) => f.status === "loaded")
        .map((f) => f.family.replaceAll('"', ''))""")
    assert "Source Sans" in loaded
    frame.evaluate("() => document.fonts.ready")
    assert any(name.startswith("ipaexg-ja-") for name in frame.evaluate(FONTS_JS))  # the legend's too
    assert watch.console_errors == []
