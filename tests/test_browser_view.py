"""One view, one snapshot, in a real browser: the contradictions users met, each as a test.

- Back and Forward walk through views (the URL is the view; nothing writes an old one back).
- On a tour, a click and the caption agree, and the arrow keys step the tour after a map click.
- A filtered legend says how many recipients the filter hides, and the export's file name
  names the filter.
- Play recolours the drawn map in place: in every frame taken during Play, countries are drawn.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import DRAWN_COUNTRY_IN_JS, MAP_IFRAME, wait_for_map
from tests.test_browser import click_country, panel_heading

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 60_000


def map_frame(page):
    return page.frame_locator(MAP_IFRAME).last


def test_back_and_forward_walk_through_views(page, app_server, label_points, watch):
    page.goto(app_server.url)
    frame = wait_for_map(page, LOAD_TIMEOUT_MS)
    click_country(page, frame, *label_points["PHL"])
    expect(panel_heading(page, "Philippines")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_url(re.compile(r"country=PHL"), timeout=LOAD_TIMEOUT_MS)
    click_country(page, frame, *label_points["FJI"])  # a click keeps the reader's view: Fiji is in it
    expect(panel_heading(page, "Fiji")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_url(re.compile(r"country=FJI"), timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("button", name="FY2023", exact=True).click()
    page.wait_for_url(re.compile(r"as_of=2024-03-31"), timeout=LOAD_TIMEOUT_MS)

    page.go_back()  # the date goes, Fiji stays
    page.wait_for_url(lambda url: "as_of=" not in url and "country=FJI" in url, timeout=LOAD_TIMEOUT_MS)
    expect(map_frame(page).locator(".osa-legend .title")).not_to_contain_text("31 Mar 2024", timeout=LOAD_TIMEOUT_MS)
    page.go_back()  # back to the Philippines
    page.wait_for_url(re.compile(r"country=PHL"), timeout=LOAD_TIMEOUT_MS)
    expect(panel_heading(page, "Philippines")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    time.sleep(1.5)  # nothing may write the old view back after a while
    assert "country=PHL" in page.url

    page.go_forward()
    page.wait_for_url(re.compile(r"country=FJI"), timeout=LOAD_TIMEOUT_MS)
    expect(panel_heading(page, "Fiji")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    assert watch.console_errors == []


def test_a_click_on_a_tour_moves_the_caption_and_the_keys_still_step_the_tour(page, app_server, label_points, watch):
    page.goto(f"{app_server.url}/?present=1&step=FJI")
    frame = wait_for_map(page, LOAD_TIMEOUT_MS)
    expect(panel_heading(page, "Fiji")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    caption = page.locator("[data-testid='stMarkdownContainer'] strong")
    expect(caption.filter(has_text="Fiji")).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    click_country(page, frame, *label_points["TON"])  # Tonga is a recipient: its own step
    expect(panel_heading(page, "Tonga")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_url(lambda url: "step=TON" in url and "country=TON" in url, timeout=LOAD_TIMEOUT_MS)
    expect(caption.filter(has_text="Tonga")).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    # Focus is in the map's frame after the click; the arrow key steps the tour all the same.
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(lambda url: "step=TON" not in url, timeout=LOAD_TIMEOUT_MS)
    expect(panel_heading(page, "Tonga")).not_to_be_visible(timeout=LOAD_TIMEOUT_MS)

    page.keyboard.press("Escape")  # leaves presentation mode
    page.wait_for_url(lambda url: "present=" not in url, timeout=LOAD_TIMEOUT_MS)
    assert watch.console_errors == []


def test_a_filtered_legend_says_what_is_hidden_and_the_export_names_the_filter(page, app_server, watch):
    page.goto(f"{app_server.url}/?as_of=2025-03-31&cohort=inaugural")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    legend = map_frame(page).locator(".osa-legend")
    expect(legend.locator("li", has_text="Inaugural").locator(".count")).to_have_text("4", timeout=LOAD_TIMEOUT_MS)
    expect(legend.locator("li", has_text="FY2024-25")).to_contain_text("hidden by filter")
    expect(legend.locator("li", has_text="FY2024-25")).not_to_contain_text("(0 hidden")
    expect(legend).to_contain_text("Filtered: Cohort: Inaugural")
    expect(page.get_by_role("button", name=re.compile(r"Filters \(1\)"))).to_be_visible()

    page.get_by_role("button", name=re.compile("Export")).click()
    with page.expect_download(timeout=LOAD_TIMEOUT_MS) as download:
        page.get_by_role("button", name="Offline HTML map").click()
    assert download.value.suggested_filename == "osa-map-2025-03-31-cohort-inaugural.html"
    assert watch.console_errors == []


def test_play_recolours_the_map_without_blanking_it(page, app_server, watch):
    page.goto(f"{app_server.url}/?as_of=2023-08-30")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    title = map_frame(page).locator(".osa-legend .title")
    expect(title).to_contain_text("30 Aug 2023", timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("button", name=re.compile("Play")).click()

    drawn, titles = [], set()
    for _ in range(16):  # 8 s of Play, 0.5 s apart
        frame = page.locator(MAP_IFRAME).last.element_handle().content_frame()
        drawn.append(bool(frame.evaluate(f"() => ({DRAWN_COUNTRY_IN_JS})(document)")))
        titles.add(frame.locator(".osa-legend .title").text_content())
        time.sleep(0.5)
    assert all(drawn), f"the map was blank in {drawn.count(False)} of {len(drawn)} frames"
    assert len(titles) >= 3, f"Play should have moved through several dates: {titles}"
    assert len(page.locator(MAP_IFRAME).all()) == 1  # the frame was never replaced
    page.get_by_role("button", name=re.compile("Stop")).click()
    assert watch.console_errors == []
