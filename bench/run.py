"""The performance benchmark: `python bench/run.py [--runs 5] [--sessions 20]`.

Starts the OSA map and an empty Streamlit page (bench/empty_app.py: one title, one line of text)
in this run, on this machine, and measures both in headless Chromium with the network fenced off:

- page open -> first drawn country (empty page: -> its text), cold server and then warm (the
  warm loads of the two pages interleaved), each load in a fresh browser context (empty cache);
- click on a country -> the first frame painted with the panel naming it (timed in the page:
  the map frame's click event to the next animation frame after the heading appears), for five
  countries including Fiji and Tonga; Playwright's own wait is printed too, for comparison;
- bytes over HTTP and the WebSocket, on load and per click;
- server peak resident memory (VmHWM) after one session;
- N concurrent sessions: how many got a map, first-map p50/p95, errors, server peak memory;
  once with N real browser pages (which share the 2 cores with the server), and once with N
  WebSocket clients speaking Streamlit's protocol, so the server's own share is visible.

It prints a table with ratios to the empty page and asserts nothing: targets and the latest
results live in docs/performance.md, never in a timed unit test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osa_map.boundaries import load_boundaries  # noqa: E402
from osa_map.browser import CHROMIUM_ARGS, DRAWN_COUNTRY_JS, MAP_IFRAME, find_chromium, is_local, start_app  # noqa: E402
from osa_map.mapview import map_geometry  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
EMPTY_TEXT = "Baseline text for the benchmark."
CLICK_COUNTRIES = {"PHL": "Philippines", "FJI": "Fiji", "DJI": "Djibouti", "MNG": "Mongolia", "TON": "Tonga"}
TIMEOUT_MS = 120_000


@dataclass
class Traffic:
    """Bytes a page moved: HTTP bodies (as sent, compressed or not) and WebSocket frames."""

    http: int = 0
    websocket: int = 0
    outside: list[str] = field(default_factory=list)

    def total(self) -> int:
        return self.http + self.websocket


async def new_page(browser, traffic: Traffic):
    context = await browser.new_context(viewport={"width": 1440, "height": 900})

    async def fence(route):
        if is_local(route.request.url):
            await route.continue_()
        else:
            traffic.outside.append(route.request.url)
            await route.abort()

    async def count_response(response):
        try:
            sizes = await response.request.sizes()
            traffic.http += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except Exception:  # a response can vanish with its frame; its bytes are then not counted
            pass

    def count_socket(socket):
        def add(payload):
            traffic.websocket += len(payload)

        socket.on("framereceived", add)
        socket.on("framesent", add)

    await context.route("**/*", fence)
    page = await context.new_page()
    page.on("response", lambda response: asyncio.ensure_future(count_response(response)))
    page.on("websocket", count_socket)
    return context, page


async def wait_for_map(page):
    iframe = await page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    frame = await iframe.content_frame()
    await frame.wait_for_function(DRAWN_COUNTRY_JS, timeout=TIMEOUT_MS)
    return frame


async def wait_for_empty(page):
    await page.get_by_text(EMPTY_TEXT).wait_for(timeout=TIMEOUT_MS)


async def timed_load(browser, url: str, ready) -> tuple[float, Traffic]:
    traffic = Traffic()
    context, page = await new_page(browser, traffic)
    start = time.perf_counter()
    # "commit", not "load": under 20 sessions the load event can trail the map itself.
    await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    await ready(page)
    elapsed = time.perf_counter() - start
    await asyncio.sleep(0.5)  # let late responses be counted
    await context.close()
    return elapsed, traffic


# In the page, on one clock (timeOrigin + now is shared by the page and its map frame): when the
# map frame saw the click, and the first frame painted after the panel's heading names the country.
_RECORD_CLICK_JS = """() => document.addEventListener("click",
    (event) => { window.osaClickAt = performance.timeOrigin + event.timeStamp; }, true)"""
_WATCH_HEADING_JS = """(name) => {
    window.osaPanelAt = null;
    const named = () => [...document.querySelectorAll("h3")].some((h) => h.textContent.trim() === name);
    const observer = new MutationObserver(() => {
        if (!named()) return;
        observer.disconnect();
        requestAnimationFrame((frameStart) => { window.osaPanelAt = performance.timeOrigin + frameStart; });
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


async def click_latencies(browser, url: str) -> tuple[dict[str, float], dict[str, float], float]:
    """Per country: seconds from click to panel in the page, and as Playwright's polling sees it."""
    points = {row.iso3: (row.lat, row.lon) for row in map_geometry(load_boundaries()).itertuples()}
    traffic = Traffic()
    context, page = await new_page(browser, traffic)
    await page.goto(url)
    frame = await wait_for_map(page)
    await asyncio.sleep(1.0)
    await page.locator(MAP_IFRAME).last.scroll_into_view_if_needed()  # as a reader scrolls to the map
    box = await page.locator(MAP_IFRAME).last.bounding_box()
    await frame.evaluate(_RECORD_CLICK_JS)
    in_page, polled, bytes_per_click = {}, {}, []
    for iso3, name in CLICK_COUNTRIES.items():
        x, y = await frame.evaluate(
            """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
                 const b = window.map.getContainer().getBoundingClientRect(); return [p.x + b.left, p.y + b.top]; }""",
            list(points[iso3]),
        )
        await page.mouse.move(box["x"] + x, box["y"] + y)
        await asyncio.sleep(0.2)
        await page.evaluate(_WATCH_HEADING_JS, name)
        before = traffic.total()
        start = time.perf_counter()
        await page.mouse.click(box["x"] + x, box["y"] + y)
        await page.get_by_role("heading", name=name, exact=True).wait_for(timeout=TIMEOUT_MS)
        polled[name] = time.perf_counter() - start
        await page.wait_for_function("() => window.osaPanelAt !== null", timeout=TIMEOUT_MS)
        clicked_at = await frame.evaluate("() => window.osaClickAt")
        in_page[name] = (await page.evaluate("() => window.osaPanelAt") - clicked_at) / 1000
        await asyncio.sleep(0.5)  # the rest of the rerun's messages
        bytes_per_click.append(traffic.total() - before)
    await context.close()
    return in_page, polled, statistics.median(bytes_per_click)


async def concurrent_sessions(browser, url: str, sessions: int) -> tuple[list[float], int]:
    async def one() -> float | None:
        try:
            seconds, _ = await timed_load(browser, url, wait_for_map)
            return seconds
        except Exception:
            return None

    results = await asyncio.gather(*(one() for _ in range(sessions)))
    times = [r for r in results if r is not None]
    return times, sessions - len(times)


async def websocket_first_map(url: str) -> float:
    """Seconds from opening a Streamlit session to the map element arriving, with no browser."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    async with websockets.connect(f"{url.replace('http', 'ws', 1)}/_stcore/stream", subprotocols=["streamlit"]) as ws:
        request = BackMsg()
        request.rerun_script.query_string = ""
        await ws.send(request.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await ws.recv())
            if message.WhichOneof("type") == "script_finished":
                raise RuntimeError("the script finished without drawing the map")
            element = message.delta.new_element if message.WhichOneof("type") == "delta" else None
            if element is not None and element.WhichOneof("type") == "component_instance":
                return time.perf_counter() - start


async def websocket_sessions(url: str, sessions: int) -> tuple[float, list[float], int]:
    """One session alone, then `sessions` at once: (alone, times of those that got a map, failures)."""
    alone = await websocket_first_map(url)
    results = await asyncio.gather(*(websocket_first_map(url) for _ in range(sessions)), return_exceptions=True)
    times = [r for r in results if isinstance(r, float)]
    return alone, times, sessions - len(times)


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident set since it started (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(runs: int, sessions: int) -> None:
    from playwright.async_api import async_playwright

    logs = Path(tempfile.mkdtemp(prefix="osa-bench-"))
    app, empty = start_app(logs), start_app(logs, script=BENCH_DIR / "empty_app.py")
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            empty_cold, empty_traffic = await timed_load(browser, empty.url, wait_for_empty)
            app_cold, app_traffic = await timed_load(browser, app.url, wait_for_map)
            # Interleaved, so the machine's drift (other work on the 2 cores) hits both pages alike.
            empty_warm, app_warm = [], []
            for _ in range(runs):
                empty_warm.append((await timed_load(browser, empty.url, wait_for_empty))[0])
                app_warm.append((await timed_load(browser, app.url, wait_for_map))[0])
            clicks, clicks_polled, click_bytes = await click_latencies(browser, app.url)
            app_rss, empty_rss = peak_rss_mb(app.process.pid), peak_rss_mb(empty.process.pid)
            # A fresh server for the concurrency test, so its peak memory is its own.
            crowd_app = start_app(logs)
            try:
                crowd, failures = await concurrent_sessions(browser, crowd_app.url, sessions)
                crowd_rss = peak_rss_mb(crowd_app.process.pid)
                await websocket_first_map(crowd_app.url)  # warm, like the browser runs above
                ws_alone, ws_crowd, ws_failures = await websocket_sessions(crowd_app.url, sessions)
            finally:
                crowd_app.stop()
            await browser.close()
    finally:
        app.stop()
        empty.stop()

    outside = app_traffic.outside + empty_traffic.outside
    app_median, empty_median = statistics.median(app_warm), statistics.median(empty_warm)
    rows = [
        ("first map, cold server (s)", app_cold, empty_cold),
        (f"first map, median of {runs} (s)", app_median, empty_median),
        (f"first map, max of {runs} (s)", max(app_warm), max(empty_warm)),
        ("bytes on load, HTTP + WebSocket (KB)", app_traffic.total() / 1024, empty_traffic.total() / 1024),
        ("  of which WebSocket (KB)", app_traffic.websocket / 1024, empty_traffic.websocket / 1024),
        ("server peak memory, one session (MB)", app_rss, empty_rss),
    ]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'figure':<42}{'OSA map':>10}{'empty page':>12}{'ratio':>8}")
    for label, ours, baseline in rows:
        print(f"{label:<42}{ours:>10.2f}{baseline:>12.2f}{ours / baseline:>8.2f}")
    click_ms = [seconds * 1000 for seconds in clicks.values()]
    polled_ms = [seconds * 1000 for seconds in clicks_polled.values()]
    print(f"{'click -> panel painted, median (ms)':<42}{statistics.median(click_ms):>10.0f}")
    print(f"{'click -> panel painted, max (ms)':<42}{max(click_ms):>10.0f}")
    print("  " + ", ".join(f"{name} {ms:.0f}" for name, ms in zip(clicks, click_ms, strict=True)))
    # Playwright's wait adds its own polling and round trips: kept for comparison with older runs.
    polled_label = "  as Playwright waits for it: median / max"
    print(f"{polled_label:<42}{statistics.median(polled_ms):>10.0f}{max(polled_ms):>12.0f}")
    print(f"{'bytes per click, median (KB)':<42}{click_bytes / 1024:>10.1f}")
    print(f"{f'{sessions} concurrent sessions: got a map':<42}{len(crowd):>10d}  ({failures} errors)")
    if crowd:
        print(f"{'  first map p50 / p95 (s)':<42}{percentile(crowd, 0.5):>10.2f}{percentile(crowd, 0.95):>12.2f}")
        print(f"{'  p95 / one-session median':<42}{percentile(crowd, 0.95) / app_median:>10.2f}")
    print(f"{'  server peak memory (MB)':<42}{crowd_rss:>10.0f}")
    print(f"{f'{sessions} WebSocket sessions, no browser: got a map':<42}{len(ws_crowd):>10d}  ({ws_failures} errors)")
    if ws_crowd:
        print(f"{'  one session alone (s)':<42}{ws_alone:>10.2f}")
        print(f"{'  first map p50 / p95 (s)':<42}{percentile(ws_crowd, 0.5):>10.2f}{percentile(ws_crowd, 0.95):>12.2f}")
        print(f"{'  p95 / browser one-session median':<42}{percentile(ws_crowd, 0.95) / app_median:>10.2f}")
    print(f"requests that tried to leave the machine: {len(outside)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="OSA map performance benchmark (prints figures, asserts nothing)")
    parser.add_argument("--runs", type=int, default=5, help="warm page loads per app (default 5)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.sessions))
