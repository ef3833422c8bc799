"""The map in a real browser: headless Chromium, driven by Playwright, against `streamlit run`.

These tests prove what unit tests cannot: Leaflet loads from this machine, countries are drawn,
a click on a country reaches the side panel, and a shared link opens on its country.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.support.browser import MAP_IFRAME, wait_for_map

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 60_000


def open_map(page, app_server, query: str = ""):
    """Open the app and wait until Leaflet has drawn countries; return the map's frame."""
    page.goto(f"{app_server.url}/{query}")
    return wait_for_map(page, LOAD_TIMEOUT_MS)


def click_country(page, frame, lat: float, lon: float) -> None:
    """Click where Leaflet draws (lat, lon): a real mouse click, as a reader would make.

    The map is scrolled into view first, as a reader would scroll to it.
    """
    page.locator(MAP_IFRAME).last.scroll_into_view_if_needed()
    point = frame.evaluate(
        """([lat, lon]) => {
            const p = window.map.latLngToContainerPoint([lat, lon]);
            const box = window.map.getContainer().getBoundingClientRect();
            return {x: p.x + box.left, y: p.y + box.top};
        }""",
        [lat, lon],
    )
    box = page.locator(MAP_IFRAME).last.bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def panel_heading(page, name: str):
    return page.get_by_role("heading", name=name, exact=True)


def test_map_draws_every_country_with_local_leaflet(page, app_server, watch):
    frame = open_map(page, app_server)
    drawn = frame.eval_on_selector_all("path.leaflet-interactive", "paths => paths.length")
    assert drawn > 150  # countries (multi-part countries are one path each) plus small-state circles
    leaflet_src = frame.eval_on_selector_all("script[src]", "scripts => scripts.map(s => s.src)")
    assert any(src.endswith("/app/static/vendor/leaflet/leaflet.js") for src in leaflet_src)
    assert frame.locator(".osa-legend").inner_text().count("\n") >= 3
    assert watch.console_errors == []


@pytest.mark.parametrize(("iso3", "name"), [("PHL", "Philippines"), ("FJI", "Fiji"), ("DJI", "Djibouti")])
def test_click_on_a_country_opens_its_panel(page, app_server, watch, label_points, iso3, name):
    frame = open_map(page, app_server)
    click_country(page, frame, *label_points[iso3])
    panel_heading(page, name).wait_for(timeout=LOAD_TIMEOUT_MS)
    assert f"country={iso3}" in page.url
    assert watch.console_errors == []


def test_the_search_menu_finds_a_country_by_keyboard_and_closes(page, app_server, watch):
    open_map(page, app_server)
    page.get_by_role("button", name="Find a country").click()
    search_box = page.get_by_role("combobox", name="Find a country")
    expect(search_box).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(search_box).to_be_focused()  # the menu puts the focus in its search box
    page.keyboard.type("Fiji")
    page.keyboard.press("Enter")
    panel_heading(page, "Fiji").wait_for(timeout=LOAD_TIMEOUT_MS)
    # The menu closes on a choice, so nothing covers the panel below it.
    expect(page.get_by_test_id("stPopoverBody")).to_have_count(0, timeout=LOAD_TIMEOUT_MS)
    assert "country=FJI" in page.url
    assert watch.console_errors == []


def test_the_outlines_arrive_precompressed_and_the_server_does_not_compress_them(page, app_server, watch):
    frame = open_map(page, app_server)
    fetched = frame.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
    packed = [url for url in fetched if re.search(r"/countries-\w+\.json\.gz$", url)]
    assert packed, fetched
    assert not [url for url in fetched if re.search(r"/countries-\w+\.json$", url)]  # not the plain file too
    request = urllib.request.Request(packed[0], headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"] == "application/gzip"
        assert response.headers.get("Content-Encoding") is None  # served as stored, not gzipped per visit
        assert json.loads(gzip.decompress(response.read()))["type"] == "FeatureCollection"
    assert watch.console_errors == []


def test_link_opens_on_mongolia(page, app_server, watch):
    frame = open_map(page, app_server, "?country=MNG")
    panel_heading(page, "Mongolia").wait_for(timeout=LOAD_TIMEOUT_MS)
    frame.wait_for_function("() => Math.abs(window.map.getCenter().lng - 103) < 15", timeout=LOAD_TIMEOUT_MS)
    assert watch.console_errors == []


def test_no_request_leaves_the_machine(page, app_server, watch, label_points):
    frame = open_map(page, app_server)
    click_country(page, frame, *label_points["PHL"])
    panel_heading(page, "Philippines").wait_for(timeout=LOAD_TIMEOUT_MS)
    page.goto(f"{app_server.url}/about")
    page.get_by_role("heading", name="About the data").wait_for(timeout=LOAD_TIMEOUT_MS)
    assert watch.outside_requests == []


def test_presentation_mode_hides_streamlit_chrome_and_steps_with_keys(page, app_server, watch, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_map(page, app_server, "?present=1")
    for chrome in ('header[data-testid="stHeader"]', '[data-testid="stToolbar"]', '[data-testid="stMainMenu"]'):
        assert not page.locator(chrome).is_visible(), chrome
    assert page.locator(".stAppDeployButton").count() == 0 or not page.locator(".stAppDeployButton").is_visible()
    page.screenshot(path=str(tmp_path / "presentation.png"))
    page.get_by_text("(1 of ").wait_for(timeout=LOAD_TIMEOUT_MS)
    page.keyboard.press("ArrowRight")
    page.get_by_text("(2 of ").wait_for(timeout=LOAD_TIMEOUT_MS)
    page.keyboard.press("ArrowRight")
    page.get_by_text("(3 of ").wait_for(timeout=LOAD_TIMEOUT_MS)
    # Step 3 is the first inaugural country: linked by its code, the link survives new data.
    step = re.search(r"step=([A-Z]{3})", page.url)
    assert step and f"country={step.group(1)}" in page.url
    assert watch.console_errors == []


def test_the_language_stays_in_the_link_after_switching_pages(page, app_server, watch):
    page.goto(f"{app_server.url}/?lang=ja")
    wait_for_map(page)
    page.get_by_role("link", name="データ表").click()
    expect(page.get_by_role("heading", name="データ表")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=ja"))
    assert watch.console_errors == []


def test_the_export_menu_downloads_a_slide_image(page, app_server, watch):
    open_map(page, app_server)
    page.get_by_role("button", name="Export").click()  # the menu's buttons are drawn when it opens
    with page.expect_download() as download:
        page.get_by_role("button", name="PNG image").click()
    assert download.value.suggested_filename.endswith(".png")
    with open(download.value.path(), "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"
    assert watch.console_errors == []
