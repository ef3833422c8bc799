"""Benchmark: the static edition's first map against an empty Streamlit page, in the same run.

    python bench/static_edition.py [--runs 10]

Publishes the shipped data (`python -m osa_map publish`) into a temporary folder, serves it with
Python's own web server on 127.0.0.1, starts an empty Streamlit page (bench/empty_app.py) and
loads each in headless Chromium, interleaved, cold (a new browser context every load). Each load
is timed in the page: the start of the first animation frame that paints a drawn country (the
static map) or the empty page's text, from navigation start. Target (issue 16): the static
edition's median first map at most 0.5x the empty page's. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import threading
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from osa_map.data.boundaries import load_boundaries  # noqa: E402
from osa_map.data.dataset import load_dataset  # noqa: E402
from osa_map.render.static_site import publish_site  # noqa: E402
from osa_map.render.webmap import map_geometry  # noqa: E402
from tests.support.browser import DRAWN_COUNTRY_IN_JS, launch_chromium, start_app  # noqa: E402

EMPTY_TEXT = "Baseline text for the benchmark."
PAINTED = """(shows) => {
    const watch = (frameStart) => {
        if (shows()) window.osaPaintedAt = frameStart / 1000;
        else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
}"""


def paint_watcher(static_map: bool) -> str:
    """Runs first in the page; records when the first frame that shows the content starts."""
    shows = (
        f"() => ({DRAWN_COUNTRY_IN_JS})(document)"
        if static_map
        else f"() => !!document.body && document.body.textContent.includes({EMPTY_TEXT!r})"
    )
    return f"({PAINTED})({shows});"


def timed_load(browser, url: str, static_map: bool) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    outside: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else (outside.append(route.request.url), route.abort())
        ),
    )
    context.add_init_script(paint_watcher(static_map))
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.osaPaintedAt !== undefined", timeout=60_000)
    seconds = page.evaluate("() => window.osaPaintedAt")
    context.close()
    if outside:
        raise SystemExit(f"requests left the machine: {outside}")
    return seconds


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # one line per file would drown the results
        pass


def measure(runs: int) -> tuple[list[float], list[float]]:
    """(static edition first maps, empty page first texts), `runs` each, interleaved, cold."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        publish_site(load_dataset(), map_geometry(load_boundaries()), site, date.today())
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        (Path(folder) / "logs").mkdir()
        empty = start_app(Path(folder) / "logs", script=Path(__file__).resolve().parent / "empty_app.py")
        static_url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                timed_load(browser, static_url, True), timed_load(browser, empty.url, False)  # warm-up
                static_times, empty_times = [], []
                for _ in range(runs):
                    static_times.append(timed_load(browser, static_url, True))
                    empty_times.append(timed_load(browser, empty.url, False))
                browser.close()
        finally:
            empty.stop()
            server.shutdown()
    return static_times, empty_times


def report(static_times: list[float], empty_times: list[float]) -> None:
    static, baseline = statistics.median(static_times), statistics.median(empty_times)
    runs = len(static_times)
    print(f"static edition, first map (median of {runs}): {static:.3f} s  (max {max(static_times):.3f} s)")
    print(f"empty Streamlit page, first text (median of {runs}): {baseline:.3f} s  (max {max(empty_times):.3f} s)")
    verdict = "met" if static <= 0.5 * baseline else "NOT met"
    print(f"ratio: {static / baseline:.2f}x the empty page (target <= 0.5x: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    report(*measure(parser.parse_args().runs))


if __name__ == "__main__":
    main()
