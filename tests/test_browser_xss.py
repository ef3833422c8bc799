"""Hostile text in the CSVs is shown as text and never runs, in the page and in the map's iframe.

The data folder holds HTML and script in a country name, a summary, notes, a package and a
source title, each trying to set `window.__xss`. The test opens the country by link, hovers
and clicks it on the map, visits the other pages, and checks that nothing ran and that the
text reads literally.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import LEDGER, PACKAGES, ledger_row, write_dataset
from tests.support.browser import MAP_IFRAME, start_app, wait_for_map, wait_until_idle

# One worker runs the module (pytest-xdist): its server of its own starts once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_xss")]

LOAD_TIMEOUT_MS = 60_000
IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"
HOSTILE_NAME = f"Philippines {IMG}"
HOSTILE_SUMMARY = f"Summary {SCRIPT} and {IMG} end."
LUZON = (16.5, 121.0)  # inland, so the point is on the Philippines at any zoom


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile") / "data"
    hostile = {"country": HOSTILE_NAME, "summary": HOSTILE_SUMMARY, "notes": f"Note {IMG}"}
    ledger = [
        dict(LEDGER[0], **hostile),
        dict(LEDGER[1], **hostile, source_title=f"Source {SCRIPT}"),
        *LEDGER[2:],
        ledger_row("XKX", "Kosovo", "2025-01-01", "prospective", "candidate", summary=SCRIPT),
    ]
    packages = [dict(PACKAGES[0], equipment=f"Radar {IMG}", recipient_unit=SCRIPT), PACKAGES[1]]
    write_dataset(directory, ledger=ledger, packages=packages)
    server = start_app(tmp_path_factory.mktemp("server"), data_dir=directory)
    yield server
    server.stop()


def assert_nothing_ran(*documents) -> None:
    """No hostile handler ran and no hostile element exists (the page and the map's iframe)."""
    for document in documents:
        assert document.evaluate("() => typeof window.__xss") == "undefined"
        assert document.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0


def test_hostile_text_is_shown_literally_and_nothing_runs(page, watch, hostile_server):
    page.goto(f"{hostile_server.url}/?country=PHL")
    frame = wait_for_map(page, LOAD_TIMEOUT_MS)
    page.get_by_text(HOSTILE_SUMMARY, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)

    body = page.inner_text("body")
    assert HOSTILE_SUMMARY in body
    assert HOSTILE_NAME in body  # the panel heading
    assert f"Radar {IMG}" in body
    assert f"Note {IMG}" in body

    # The search menu lists the hostile name as text.
    page.get_by_role("button", name="Find a country").click()
    page.get_by_role("combobox", name="Find a country").fill("Philippines")
    expect(page.get_by_role("option", name=re.compile(re.escape(HOSTILE_NAME)))).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    page.keyboard.press("Escape")

    # Hover and click the Philippines on the map: the tooltip holds the hostile name as text.
    point = frame.evaluate(
        """([lat, lon]) => {
            const p = window.map.latLngToContainerPoint([lat, lon]);
            const box = window.map.getContainer().getBoundingClientRect();
            return {x: p.x + box.left, y: p.y + box.top};
        }""",
        list(LUZON),
    )
    box = page.query_selector(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=LOAD_TIMEOUT_MS)
    assert IMG in tooltip.inner_text()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_timeout(1500)  # let the click's rerun draw

    assert_nothing_ran(page, frame)
    assert watch.console_errors == []


@pytest.mark.parametrize("path", ["about", "editor"])
def test_other_pages_show_hostile_text_without_running_it(page, hostile_server, path):
    page.goto(f"{hostile_server.url}/{path}")
    page.get_by_role("heading", level=1).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_until_idle(page, LOAD_TIMEOUT_MS)  # the page has finished drawing
    if path == "about":
        assert f"Source {SCRIPT}" in page.inner_text("body")
    assert_nothing_ran(page)
