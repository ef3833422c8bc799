"""Hostile links, cells and errors as a reader's browser shows them (issue 17).

A link's values are echoed as inline code, so a markdown link or image in a URL is shown as text:
no live link, and no request leaves the machine (the `page` fixture aborts and fails on any). An
uncaught exception shows Streamlit's generic box, never a traceback or the exception's message.
"""

from __future__ import annotations

import urllib.parse

import pytest

from tests.helpers import COHORTS, LEDGER, PACKAGES, write_dataset
from tests.support.browser import start_app, wait_for_map, wait_until_idle

# One worker runs the module (pytest-xdist): its two servers of its own start once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_hostile")]

LOAD_TIMEOUT_MS = 60_000
PHISHING = "[Your session expired - sign in again](https://evil.example/login)"
IMAGE = "![x](http://host.example/t.png)"
CELL = "[click](https://evil.example/c) ![i](http://host.example/i.png)"


def hostile_elements(page) -> dict[str, int]:
    return page.evaluate(
        """() => ({
            links: document.querySelectorAll('a[href*="evil.example"]').length,
            images: document.querySelectorAll('img[src*="host.example"]').length,
        })"""
    )


@pytest.mark.parametrize(("name", "value"), [("cohort", PHISHING), ("region", IMAGE), ("country", PHISHING)])
def test_a_hostile_link_value_is_shown_as_text(page, watch, app_server, name, value):
    page.goto(f"{app_server.url}/?{name}={urllib.parse.quote(value, safe='')}")
    # The notice comes before the map (the run says it first) and leaves after ten seconds: read
    # it as it comes, then let the map finish.
    toast = page.locator('[data-testid="stToast"]').first
    toast.wait_for(timeout=LOAD_TIMEOUT_MS)
    text = toast.inner_text()
    wait_for_map(page, LOAD_TIMEOUT_MS)
    assert "not recognised" in text
    assert value[:40].lower() in text.lower()  # literally, brackets and all (a country code is upper-cased)
    assert toast.locator("code").count() == 1
    wait_until_idle(page, LOAD_TIMEOUT_MS)  # the run is over: every element it made is in the page
    assert hostile_elements(page) == {"links": 0, "images": 0}
    assert watch.outside_requests == []


@pytest.fixture(scope="module")
def markup_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("markup") / "data"
    cohorts = [dict(COHORTS[0], description=f"Cohort {CELL}"), *COHORTS[1:]]
    ledger = [dict(row, summary=f"Summary {CELL}", source_title=f"Source {CELL}") for row in LEDGER]
    packages = [dict(row, equipment=f"Radar {CELL}") for row in PACKAGES]
    write_dataset(directory, ledger=ledger, packages=packages, cohorts=cohorts)
    server = start_app(tmp_path_factory.mktemp("server"), data_dir=directory)
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["about", "programme", "?country=PHL"])
def test_markup_in_cells_makes_no_link_and_fetches_nothing(page, watch, markup_server, path):
    page.goto(f"{markup_server.url}/{path}")
    page.get_by_role("heading", level=1).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_until_idle(page, LOAD_TIMEOUT_MS)  # the page has finished drawing
    assert "evil.example" in page.inner_text("body") or path == "programme"  # shown, as text
    assert hostile_elements(page) == {"links": 0, "images": 0}
    assert watch.outside_requests == []


RAISES = """
import streamlit as st

st.title("Before the error")
raise RuntimeError("secret detail: /srv/osa/data is mounted from nas-7")
"""


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raises")
    script = folder / "raises.py"
    script.write_text(RAISES)
    server = start_app(folder, script=script)
    yield server
    server.stop()


def test_an_uncaught_exception_shows_no_traceback_or_message(page, failing_server):
    """The backstop (client.showErrorDetails = "none" in .streamlit/config.toml): the details stay
    in the server's log."""
    page.goto(failing_server.url)
    page.get_by_text("Before the error").wait_for(timeout=LOAD_TIMEOUT_MS)
    page.locator('[data-testid="stException"], [data-testid="stAlert"]').first.wait_for(timeout=LOAD_TIMEOUT_MS)
    body = page.inner_text("body")
    assert "secret detail" not in body
    assert "RuntimeError" not in body
    assert "Traceback" not in body and "raises.py" not in body
    assert "secret detail" in failing_server.log()  # the operator still sees it
