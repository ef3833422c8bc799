"""The performance benchmark: `python bench/run.py [--runs 5] [--sessions 20]`.

Starts the OSA map and an empty Streamlit page (bench/empty_app.py: one title, one line of text)
in this run, on this machine, and measures both in headless Chromium with the network fenced off:

- page open -> first drawn country (empty page: -> its text), cold server and then warm (the
  warm loads of the two pages interleaved), each load in a fresh browser context (empty cache).
  Timed in the page: from navigation start to the first animation frame after the country (or
  text) is in the document, on the clock the page and its map frame share. Playwright's own
  wait is printed too: it polls at growing intervals (up to 500 ms apart), which rounds loads up
  unevenly and once made the empty page look bimodal (docs/performance.md);
- click on a country -> the first frame painted with the panel naming it (timed in the page:
  the map frame's click event to the next animation frame after the heading appears), for five
  countries including Fiji and Tonga; Playwright's own wait is printed too, for comparison;
- bytes over HTTP and the WebSocket, on load and per click;
- server peak resident memory (VmHWM) after one session;
- N concurrent sessions, on a fresh server: how many got a map, first-map p50/p95, errors, server
  peak memory. Each of N rounds opens N sessions at once: one real Chromium page, whose first
  map is timed as above, and N - 1 clients that ask the server for everything a browser asks
  for (the page's files, a WebSocket run of the script, the map frame's files and the outlines,
  replayed from a real load). So the server carries N sessions while the measured browser has
  the client machine to itself, as each reader has. The older figure, N Chromium pages on this
  machine's 2 cores, is printed too: it measures the benchmark's own browsers.

It prints a table with ratios to the empty page and asserts nothing: targets and the latest
results live in docs/performance.md, never in a timed unit test.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osa_map.data.boundaries import load_boundaries
from osa_map.render.webmap import map_geometry
from tests.support.browser import (
    CHROMIUM_ARGS,
    DRAWN_COUNTRY_IN_JS,
    DRAWN_COUNTRY_JS,
    MAP_IFRAME,
    find_chromium,
    is_local,
    start_app,
)

BENCH_DIR = Path(__file__).resolve().parent
EMPTY_TEXT = "Baseline text for the benchmark."
MAP_FRAME_PATH = "streamlit_folium.st_folium"  # in the URL of streamlit-folium's frame
CLICK_COUNTRIES = {"PHL": "Philippines", "FJI": "Fiji", "DJI": "Djibouti", "MNG": "Mongolia", "TON": "Tonga"}
TIMEOUT_MS = 120_000
BROWSER_CONNECTIONS = 6  # Chromium's HTTP/1.1 connections per host: a replayed session uses as many


@dataclass
class Traffic:
    """What a page moved: HTTP bodies (as sent, compressed or not) and WebSocket frames, and the
    local paths it asked for before and after its WebSocket opened (to replay them)."""

    http: int = 0
    websocket: int = 0
    outside: list[str] = field(default_factory=list)
    before_socket: list[str] = field(default_factory=list)
    after_socket: list[str] = field(default_factory=list)
    socket_opened: bool = False

    def total(self) -> int:
        return self.http + self.websocket


@dataclass
class Load:
    painted: float  # s, navigation start -> first frame painted with a country (or the empty page's text)
    waited: float  # s, goto -> Playwright saw it
    traffic: Traffic


async def new_page(browser, traffic: Traffic):
    context = await browser.new_context(viewport={"width": 1440, "height": 900})

    async def fence(route):
        if is_local(route.request.url):
            requested = urlparse(route.request.url)
            path = requested.path + (f"?{requested.query}" if requested.query else "")
            (traffic.after_socket if traffic.socket_opened else traffic.before_socket).append(path)
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
        traffic.socket_opened = True

        def add(payload):
            traffic.websocket += len(payload)

        socket.on("framereceived", add)
        socket.on("framesent", add)

    await context.route("**/*", fence)
    page = await context.new_page()
    page.on("response", lambda response: asyncio.ensure_future(count_response(response)))
    page.on("websocket", count_socket)
    return context, page


def first_paint_script(map_page: bool) -> str:
    """Runs first in the page: records the start of the first animation frame that paints a drawn
    country in the map frame (same origin, so its document is readable from here), or the empty
    page's text, as seconds after navigation start. Both pages are watched the same way."""
    if map_page:
        shows = f"""(() => {{
            const doc = document.querySelector({json.dumps(MAP_IFRAME)})?.contentDocument;
            return !!doc && ({DRAWN_COUNTRY_IN_JS})(doc);
        }})()"""
    else:
        shows = f"!!document.body && document.body.textContent.includes({json.dumps(EMPTY_TEXT)})"
    return f"""(() => {{
    if (window !== window.top) return;
    const watch = (frameStart) => {{
        if ({shows}) window.osaPaintedAt = frameStart / 1000;
        else requestAnimationFrame(watch);
    }};
    requestAnimationFrame(watch);
}})();"""


async def wait_for_map(page):
    iframe = await page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    frame = await iframe.content_frame()
    await frame.wait_for_function(DRAWN_COUNTRY_JS, timeout=TIMEOUT_MS)
    return frame


async def wait_for_empty(page):
    await page.get_by_text(EMPTY_TEXT).wait_for(timeout=TIMEOUT_MS)


async def timed_load(browser, url: str, map_page: bool) -> Load:
    traffic = Traffic()
    context, page = await new_page(browser, traffic)
    await page.add_init_script(first_paint_script(map_page))
    start = time.perf_counter()
    # "commit", not "load": under 20 sessions the load event can trail the map itself.
    await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    await (wait_for_map(page) if map_page else wait_for_empty(page))
    waited = time.perf_counter() - start
    await page.wait_for_function("() => window.osaPaintedAt !== undefined", timeout=TIMEOUT_MS)
    painted = await page.evaluate("() => window.osaPaintedAt")
    await asyncio.sleep(0.5)  # let late responses be counted
    await context.close()
    return Load(painted, waited, traffic)


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


async def browser_crowd(browser, url: str, sessions: int) -> tuple[list[float], int]:
    """`sessions` Chromium pages at once, all on this machine: first-map times and failures."""

    async def one() -> float | None:
        try:
            return (await timed_load(browser, url, map_page=True)).painted
        except Exception:
            return None

    results = await asyncio.gather(*(one() for _ in range(sessions)))
    times = [r for r in results if r is not None]
    return times, sessions - len(times)


async def websocket_run(url: str, map_arrived: asyncio.Event, map_page: bool = True) -> None:
    """One Streamlit session over the WebSocket, as the browser speaks it, to the end of the script
    run; `map_arrived` is set when the map element arrives (the empty page: when the run ends)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        stream = f"{url.replace('http', 'ws', 1)}/_stcore/stream"
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as ws:
            request = BackMsg()
            request.rerun_script.query_string = ""
            await ws.send(request.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(await ws.recv())
                kind = message.WhichOneof("type")
                if kind == "script_finished":
                    if map_page and not map_arrived.is_set():
                        raise RuntimeError("the script finished without drawing the map")
                    return
                element = message.delta.new_element if kind == "delta" else None
                if element is not None and element.WhichOneof("type") == "component_instance":
                    map_arrived.set()
    finally:
        map_arrived.set()  # never leave the caller waiting


def fetch_in_order(host: str, port: int, paths: list[str]) -> None:
    """GET each path in turn on one kept-alive connection, as one of a browser's connections does."""
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_MS / 1000)
    try:
        for path in paths:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"GET {path}: HTTP {response.status}")
    finally:
        connection.close()


async def fetch_all(url: str, paths: list[str], pool: ThreadPoolExecutor) -> None:
    server = urlparse(url)
    loop = asyncio.get_running_loop()
    lanes = [paths[i::BROWSER_CONNECTIONS] for i in range(BROWSER_CONNECTIONS)]
    await asyncio.gather(
        *(loop.run_in_executor(pool, fetch_in_order, server.hostname, server.port, lane) for lane in lanes if lane)
    )


async def replayed_session(url: str, traffic: Traffic, pool: ThreadPoolExecutor, map_page: bool = True) -> float:
    """A session as the server sees a browser's, replayed from a real load: the page's files, then
    the WebSocket run, and once the map element arrives, the files the browser asked for after it
    (widget code, the map frame, Leaflet, the outlines). Seconds until all of it has arrived."""
    start = time.perf_counter()
    await fetch_all(url, traffic.before_socket, pool)
    map_arrived = asyncio.Event()
    socket = asyncio.create_task(websocket_run(url, map_arrived, map_page))
    await map_arrived.wait()
    if socket.done() and socket.exception():
        raise socket.exception()
    await fetch_all(url, traffic.after_socket, pool)
    await socket
    return time.perf_counter() - start


@dataclass
class Crowd:
    browser_times: list[float]  # the real page's first map, one per round
    replay_times: list[float]
    failures: int


async def crowd_rounds(browser, url: str, sessions: int, rounds: int, plan: Traffic, map_page: bool = True) -> Crowd:
    """Each round: one Chromium page and `sessions` - 1 replayed sessions, all started at once."""
    crowd = Crowd([], [], 0)
    with ThreadPoolExecutor(max_workers=sessions * BROWSER_CONNECTIONS) as pool:
        for _ in range(rounds):
            page = asyncio.ensure_future(timed_load(browser, url, map_page))
            replays = [replayed_session(url, plan, pool, map_page) for _ in range(sessions - 1)]
            results = await asyncio.gather(page, *replays, return_exceptions=True)
            if isinstance(results[0], Load):
                crowd.browser_times.append(results[0].painted)
            crowd.replay_times += [r for r in results[1:] if isinstance(r, float)]
            crowd.failures += sum(isinstance(r, BaseException) for r in results)
    return crowd


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident set since it started (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(runs: int, sessions: int, rounds: int) -> None:
    from playwright.async_api import async_playwright

    logs = Path(tempfile.mkdtemp(prefix="osa-bench-"))
    app, empty = start_app(logs), start_app(logs, script=BENCH_DIR / "empty_app.py")
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            empty_cold = await timed_load(browser, empty.url, map_page=False)
            app_cold = await timed_load(browser, app.url, map_page=True)
            # Interleaved, so the machine's drift (other work on the 2 cores) hits both pages alike.
            empty_warm, app_warm = [], []
            for _ in range(runs):
                empty_warm.append(await timed_load(browser, empty.url, map_page=False))
                app_warm.append(await timed_load(browser, app.url, map_page=True))
            clicks, clicks_polled, click_bytes = await click_latencies(browser, app.url)
            app_rss, empty_rss = peak_rss_mb(app.process.pid), peak_rss_mb(empty.process.pid)
            # A fresh server for each crowd, so its peak memory is its own.
            crowd_app = start_app(logs)
            try:
                await timed_load(browser, crowd_app.url, map_page=True)  # warm, like the loads above
                crowd = await crowd_rounds(browser, crowd_app.url, sessions, rounds, plan=app_warm[-1].traffic)
                crowd_rss = peak_rss_mb(crowd_app.process.pid)
            finally:
                crowd_app.stop()
            # The empty page under the same crowd: what Streamlit itself costs 20 cold visitors.
            empty_crowd_server = start_app(logs, script=BENCH_DIR / "empty_app.py")
            try:
                await timed_load(browser, empty_crowd_server.url, map_page=False)
                empty_crowd = await crowd_rounds(
                    browser, empty_crowd_server.url, sessions, rounds, plan=empty_warm[-1].traffic, map_page=False
                )
            finally:
                empty_crowd_server.stop()
            browsers_app = start_app(logs)
            try:
                await timed_load(browser, browsers_app.url, map_page=True)
                browsers, browser_failures = await browser_crowd(browser, browsers_app.url, sessions)
                browsers_rss = peak_rss_mb(browsers_app.process.pid)
            finally:
                browsers_app.stop()
            await browser.close()
    finally:
        app.stop()
        empty.stop()

    outside = app_cold.traffic.outside + empty_cold.traffic.outside
    outside += [url for load in app_warm + empty_warm for url in load.traffic.outside]
    app_median = statistics.median(load.painted for load in app_warm)
    empty_median = statistics.median(load.painted for load in empty_warm)
    rows = [
        ("first map, cold server (s)", app_cold.painted, empty_cold.painted),
        (f"first map, median of {runs} (s)", app_median, empty_median),
        (f"first map, max of {runs} (s)", max(x.painted for x in app_warm), max(x.painted for x in empty_warm)),
        (
            "  as Playwright waits for it: median (s)",
            statistics.median(x.waited for x in app_warm),
            statistics.median(x.waited for x in empty_warm),
        ),
        ("bytes on load, HTTP + WebSocket (KB)", app_cold.traffic.total() / 1024, empty_cold.traffic.total() / 1024),
        ("  of which WebSocket (KB)", app_cold.traffic.websocket / 1024, empty_cold.traffic.websocket / 1024),
        ("server peak memory, one session (MB)", app_rss, empty_rss),
    ]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("first map: navigation start -> first frame painted with a country (empty page: its text)")
    print(f"{'figure':<42}{'OSA map':>10}{'empty page':>12}{'ratio':>8}")
    for label, ours, baseline in rows:
        print(f"{label:<42}{ours:>10.2f}{baseline:>12.2f}{ours / baseline:>8.2f}")
    print("  warm loads (s): map " + ", ".join(f"{x.painted:.2f}" for x in app_warm))
    print("                  empty " + ", ".join(f"{x.painted:.2f}" for x in empty_warm))
    click_ms = [seconds * 1000 for seconds in clicks.values()]
    polled_ms = [seconds * 1000 for seconds in clicks_polled.values()]
    print(f"{'click -> panel painted, median (ms)':<42}{statistics.median(click_ms):>10.0f}")
    print(f"{'click -> panel painted, max (ms)':<42}{max(click_ms):>10.0f}")
    print("  " + ", ".join(f"{name} {ms:.0f}" for name, ms in zip(clicks, click_ms, strict=True)))
    # Playwright's wait adds its own polling and round trips: kept for comparison with older runs.
    polled_label = "  as Playwright waits for it: median / max"
    print(f"{polled_label:<42}{statistics.median(polled_ms):>10.0f}{max(polled_ms):>12.0f}")
    print(f"{'bytes per click, median (KB)':<42}{click_bytes / 1024:>10.1f}")
    print(f"{sessions} sessions at once, {rounds} rounds (1 Chromium page + {sessions - 1} replayed sessions each):")
    total = rounds * sessions
    got = len(crowd.browser_times) + len(crowd.replay_times)
    print(f"{'  got a map':<42}{got:>10d} of {total}  ({crowd.failures} errors)")
    if crowd.browser_times:
        p50, p95 = percentile(crowd.browser_times, 0.5), percentile(crowd.browser_times, 0.95)
        print(f"{'  Chromium first map p50 / p95 (s)':<42}{p50:>10.2f}{p95:>12.2f}")
        print(f"{'  p95 / one-session median':<42}{p95 / app_median:>10.2f}")
    if crowd.replay_times:
        p50, p95 = percentile(crowd.replay_times, 0.5), percentile(crowd.replay_times, 0.95)
        print(f"{'  replayed sessions: all files, p50 / p95 (s)':<42}{p50:>10.2f}{p95:>12.2f}")
    print(f"{'  server peak memory (MB)':<42}{crowd_rss:>10.0f}")
    if empty_crowd.browser_times:
        p50, p95 = percentile(empty_crowd.browser_times, 0.5), percentile(empty_crowd.browser_times, 0.95)
        print(f"{'  the empty page, same crowd: p50 / p95 (s)':<42}{p50:>10.2f}{p95:>12.2f}")
        print(f"{'  its p95 / its one-session median':<42}{p95 / empty_median:>10.2f}  ({empty_crowd.failures} errors)")
    print(f"{sessions} Chromium pages at once on this machine (the benchmark's own browsers share its 2 cores):")
    print(f"{'  got a map':<42}{len(browsers):>10d} of {sessions}  ({browser_failures} errors)")
    if browsers:
        p50, p95 = percentile(browsers, 0.5), percentile(browsers, 0.95)
        print(f"{'  first map p50 / p95 (s)':<42}{p50:>10.2f}{p95:>12.2f}")
    print(f"{'  server peak memory (MB)':<42}{browsers_rss:>10.0f}")
    print(f"requests that tried to leave the machine: {len(outside)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="OSA map performance benchmark (prints figures, asserts nothing)")
    parser.add_argument("--runs", type=int, default=5, help="warm page loads per app (default 5)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--rounds", type=int, default=20, help="rounds of concurrent sessions (default 20)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.sessions, arguments.rounds))
