"""The timeline in a real browser: moving it redraws the map as it was known on that date."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import MAP_IFRAME, wait_for_map

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 60_000


def map_frame(page):
    """The map's iframe, found afresh at each look. While Streamlit swaps in a redrawn map, the old
    and new iframes briefly coexist; `last` is the new one, and `expect` retries until it settles."""
    return page.frame_locator(MAP_IFRAME).last


def legend_row(page, label: str):
    """The legend line of one cohort, inside the map's iframe."""
    return map_frame(page).locator(".osa-legend li", has_text=label)


def test_fiscal_year_button_redraws_the_map_as_of_the_seed_article(page, app_server, watch):
    page.goto(app_server.url)
    wait_for_map(page, LOAD_TIMEOUT_MS)
    # Today: Vietnam and Cambodia (reported Dec 2025) are prospective; Indonesia and Papua New Guinea joined.
    expect(legend_row(page, "Prospective").locator(".count")).to_have_text("2", timeout=LOAD_TIMEOUT_MS)
    expect(legend_row(page, "FY2024-25").locator(".count")).not_to_have_text("3")

    page.get_by_role("button", name="FY2023", exact=True).click()

    # End of FY2023 (31 Mar 2024): Indonesia and Papua New Guinea prospective, Vietnam in FY2024-25.
    expect(legend_row(page, "Prospective").locator(".count")).to_have_text("2", timeout=LOAD_TIMEOUT_MS)
    expect(legend_row(page, "FY2024-25").locator(".count")).to_have_text("3", timeout=LOAD_TIMEOUT_MS)
    expect(map_frame(page).locator(".osa-legend .title")).to_contain_text("31 Mar 2024")
    assert "as_of=2024-03-31" in page.url
    assert watch.console_errors == []


def test_a_link_with_filters_opens_on_that_view(page, app_server, watch):
    page.goto(f"{app_server.url}/?as_of=2024-03-31&region=melanesia")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    # Fiji (inaugural) and Papua New Guinea (prospective) are the Melanesian recipients then.
    expect(legend_row(page, "Inaugural").locator(".count")).to_have_text("1", timeout=LOAD_TIMEOUT_MS)
    expect(legend_row(page, "Prospective").locator(".count")).to_have_text("1")
    expect(legend_row(page, "FY2024-25").locator(".count")).to_have_text("0")
    assert watch.console_errors == []


def test_play_steps_forward_through_the_ledger(page, app_server, watch):
    page.goto(f"{app_server.url}/?as_of=2023-08-30")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    title = map_frame(page).locator(".osa-legend .title")
    expect(title).to_contain_text("30 Aug 2023", timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("button", name=re.compile("Play")).click()
    expect(title).to_contain_text("3 Nov 2023", timeout=LOAD_TIMEOUT_MS)  # the ledger's next change
    page.get_by_role("button", name=re.compile("Stop")).click()
    expect(page.get_by_role("button", name=re.compile("Play"))).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    assert "as_of=" in page.url
    assert watch.console_errors == []


def test_the_date_button_shows_the_maps_date_and_opens_the_calendar(page, app_server, watch):
    page.goto(f"{app_server.url}/?as_of=2024-03-31")
    wait_for_map(page, LOAD_TIMEOUT_MS)
    # The calendar is drawn only when its menu opens; the button shows the map's date meanwhile.
    page.get_by_role("button", name=re.compile("31 Mar 2024")).click()
    for segment, value in (("year", "2024"), ("month", "3"), ("day", "31")):
        field = page.get_by_role("spinbutton", name=f"{segment}, Map as known on")
        expect(field).to_have_attribute("aria-valuenow", value, timeout=LOAD_TIMEOUT_MS)
    assert watch.console_errors == []
