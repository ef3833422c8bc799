"""Benchmark: page open -> first drawn country, and click -> panel, against an empty Streamlit page.

    python bench/first_map.py [--runs 5]

Both servers start in this run on this machine; every measurement uses a fresh browser context
(an empty cache) with the network fenced off. The first load after start-up is reported apart
from the rest because it includes reading and reprojecting the boundaries.
Prints figures, asserts nothing: targets live in docs/performance.md, not in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osa_map.boundaries import load_boundaries  # noqa: E402
from osa_map.browser import fence_offline, launch_chromium, start_app, wait_for_map  # noqa: E402
from osa_map.mapview import map_geometry  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
CLICK_COUNTRIES = {"PHL": "Philippines", "FJI": "Fiji", "DJI": "Djibouti", "MNG": "Mongolia", "TON": "Tonga"}


def timed_open(browser, url: str, ready) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    outside: list[str] = []
    fence_offline(context, outside)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    ready(page)
    elapsed = time.perf_counter() - start
    context.close()
    if outside:
        raise RuntimeError(f"requests left the machine: {outside}")
    return elapsed


def click_latencies(browser, url: str) -> dict[str, float]:
    points = {row.iso3: (row.lat, row.lon) for row in map_geometry(load_boundaries()).itertuples()}
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    fence_offline(context, [])
    page = context.new_page()
    page.goto(url)
    frame = wait_for_map(page)
    box = page.query_selector('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    results = {}
    for iso3, name in CLICK_COUNTRIES.items():
        x, y = frame.evaluate(
            """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
                 const b = window.map.getContainer().getBoundingClientRect(); return [p.x + b.left, p.y + b.top]; }""",
            list(points[iso3]),
        )
        page.mouse.move(box["x"] + x, box["y"] + y)
        start = time.perf_counter()
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.get_by_role("heading", name=name, exact=True).wait_for(timeout=30_000)
        results[name] = time.perf_counter() - start
    context.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm page loads per app (default 5)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    logs = Path(tempfile.mkdtemp(prefix="osa-bench-"))
    app, empty = start_app(logs), start_app(logs, script=BENCH_DIR / "empty_app.py")
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)

            def empty_ready(page):
                page.get_by_text("Baseline text for the benchmark.").wait_for(timeout=60_000)

            empty_cold = timed_open(browser, empty.url, empty_ready)
            app_cold = timed_open(browser, app.url, wait_for_map)
            empty_warm = [timed_open(browser, empty.url, empty_ready) for _ in range(args.runs)]
            app_warm = [timed_open(browser, app.url, wait_for_map) for _ in range(args.runs)]
            clicks = click_latencies(browser, app.url)
            browser.close()
    finally:
        app.stop()
        empty.stop()

    empty_median, app_median = statistics.median(empty_warm), statistics.median(app_warm)
    print(f"{'figure':<44}{'OSA map':>10}{'empty page':>12}{'ratio':>8}")
    print(f"{'first load after server start (s)':<44}{app_cold:>10.2f}{empty_cold:>12.2f}{app_cold / empty_cold:>8.2f}")
    print(
        f"{f'page open -> first country, median of {args.runs} (s)':<44}"
        f"{app_median:>10.2f}{empty_median:>12.2f}{app_median / empty_median:>8.2f}"
    )
    print(f"{'  (max)':<44}{max(app_warm):>10.2f}{max(empty_warm):>12.2f}")
    print(
        f"{'click -> panel, median / max (ms)':<44}"
        f"{statistics.median(clicks.values()) * 1000:>10.0f}{max(clicks.values()) * 1000:>12.0f}"
    )
    for name, seconds in clicks.items():
        print(f"  click {name:<36}{seconds * 1000:>10.0f} ms")


if __name__ == "__main__":
    main()
