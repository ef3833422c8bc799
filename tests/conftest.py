"""Shared fixtures: the country outlines loaded once per run, a real `streamlit run` server and
headless Chromium driven by Playwright.

Browser tests never skip: if Chromium or the server cannot start, they fail and say why.
Every page a test opens is fenced in: any request to another machine is aborted and
recorded, and the test fails if one was attempted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.support.browser import AppServer, fence_offline, find_chromium, is_local, launch_chromium, start_app


def _frame_fingerprint(frame) -> str:
    """A hash of a frame's columns, index and every value (geometries as WKB)."""
    import pandas as pd
    import shapely

    digest = hashlib.sha256(repr((list(frame.columns), list(frame.index), list(map(str, frame.dtypes)))).encode())
    for column in frame.columns:
        values = frame[column]
        if column == "geometry":
            digest.update(b"".join(shapely.to_wkb(values.to_numpy())))
        else:
            digest.update(pd.util.hash_pandas_object(values, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _shared_frame(frame, what: str) -> Iterator:
    """Yield `frame` to every test of the run, then fail if one of them changed it."""
    before = _frame_fingerprint(frame)
    yield frame
    assert _frame_fingerprint(frame) == before, f"a test changed the shared {what} frame: give it a .copy()"


@pytest.fixture(scope="session")
def boundaries():
    """The shipped boundaries (load_boundaries()), read once per run. Shared: a test that changes it takes a copy."""
    # Imported here, not at the top: a module that fails to import fails only the tests that use it.
    from osa_map.data.boundaries import load_boundaries

    yield from _shared_frame(load_boundaries(), "boundaries")


@pytest.fixture(scope="session")
def countries(boundaries):
    """map_geometry() of the shipped boundaries, computed once per run. Shared, like `boundaries`."""
    from osa_map.render.webmap import map_geometry

    yield from _shared_frame(map_geometry(boundaries), "map geometry")


@pytest.fixture(scope="session")
def label_points(countries) -> dict[str, tuple[float, float]]:
    """ISO3 -> the (lat, lon) where the map labels a country: where a reader would click it."""
    return {row.iso3: (row.lat, row.lon) for row in countries.itertuples()}


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[AppServer]:
    """The app on the shipped data, shared by the browser tests of one run."""
    server = start_app(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not find_chromium():
        pytest.fail("Chromium not found: run `python scripts/run_tests.py`, which installs it, or set OSA_CHROMIUM.")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@dataclass
class PageWatch:
    """What a page did that a test may want to forbid: outside requests and console errors."""

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser, watch: PageWatch):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, service_workers="block")
    fence_offline(context, watch.outside_requests)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.console_errors.append(f"page error: {error}"))
    page.on(
        "websocket",
        lambda socket: is_local(socket.url.replace("ws", "http", 1)) or watch.outside_requests.append(socket.url),
    )
    yield page
    context.close()
    assert watch.outside_requests == [], f"requests tried to leave the machine: {watch.outside_requests}"
