"""One process against replicas behind nginx: `python bench/replicas.py [--replicas 2]`.

In one run, on this machine, with the network fenced off as in bench/run.py:

- the stack floor (bench/floor_app.py: only streamlit-folium's map of the same outlines), the OSA
  map served by one process (`streamlit run app.py`) and the OSA map served by scripts/serve.py
  (N replicas behind nginx, deploy/nginx/nginx.conf.template): warm first map in Chromium,
  interleaved, timed in the page (bench/run.py's first_paint_script); ratios to the floor;
- 20, 50 and 100 concurrent sessions against each set-up. Each round opens S sessions at once:
  one real Chromium page, timed as above, and S - 1 sessions replayed from a real load of that
  set-up (its files, a WebSocket run of the script, the files asked for after it). Replayed
  sessions carry a cookie as a browser does, so nginx keeps each on one replica. Printed: how many
  got a map, errors, the Chromium page's first map p50/p95 over the rounds, and every session's
  p50/p95 (replayed: until all its files and the map element have arrived);
- peak resident memory (VmHWM) of each server process, after one session and after the crowds.

The load goes only to 127.0.0.1 and is bounded: rounds x sessions, each with a time-out.
Prints; asserts nothing. Targets and results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import platform
import secrets
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from serve import start_stack

from bench.run import (
    BROWSER_CONNECTIONS,
    TIMEOUT_MS,
    Load,
    Traffic,
    peak_rss_mb,
    percentile,
    timed_load,
)
from tests.support.browser import CHROMIUM_ARGS, find_chromium, start_app

BENCH_DIR = Path(__file__).resolve().parent
CROWDS = (20, 50, 100)


@dataclass
class SetUp:
    name: str
    url: str
    pids: list[int]  # the Python processes that serve sessions
    stop: object
    warm: list[Load] = field(default_factory=list)
    rss_one: list[float] = field(default_factory=list)
    rss_crowd: list[float] = field(default_factory=list)
    crowds: dict[int, Crowd] = field(default_factory=dict)


@dataclass
class Crowd:
    sessions: int
    rounds: int
    browser_times: list[float] = field(default_factory=list)
    replay_times: list[float] = field(default_factory=list)
    failures: int = 0
    errors: list[str] = field(default_factory=list)


def fetch_in_order(host: str, port: int, paths: list[str], cookie: str) -> None:
    """GET each path on one kept-alive connection, as one of a browser's connections does."""
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_MS / 1000)
    try:
        for path in paths:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip", "Cookie": cookie})
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"GET {path}: HTTP {response.status}")
    finally:
        connection.close()


async def fetch_all(url: str, paths: list[str], cookie: str, pool: ThreadPoolExecutor) -> None:
    server = urlparse(url)
    loop = asyncio.get_running_loop()
    lanes = [paths[i::BROWSER_CONNECTIONS] for i in range(BROWSER_CONNECTIONS)]
    await asyncio.gather(
        *(
            loop.run_in_executor(pool, fetch_in_order, server.hostname, server.port, lane, cookie)
            for lane in lanes
            if lane
        )
    )


async def websocket_run(url: str, cookie: str, map_arrived: asyncio.Event) -> None:
    """One session over the WebSocket to the end of its script run; sets `map_arrived` at the map."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        stream = f"{url.replace('http', 'ws', 1)}/_stcore/stream"
        async with websockets.connect(
            stream, subprotocols=["streamlit"], max_size=None, additional_headers={"Cookie": cookie}
        ) as ws:
            request = BackMsg()
            request.rerun_script.query_string = ""
            await ws.send(request.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(await asyncio.wait_for(ws.recv(), TIMEOUT_MS / 1000))
                kind = message.WhichOneof("type")
                if kind == "script_finished":
                    if not map_arrived.is_set():
                        raise RuntimeError("the script finished without drawing the map")
                    return
                element = message.delta.new_element if kind == "delta" else None
                if element is not None and element.WhichOneof("type") == "component_instance":
                    map_arrived.set()
    finally:
        map_arrived.set()


async def replayed_session(url: str, plan: Traffic, pool: ThreadPoolExecutor) -> float:
    """A browser's session as the server sees it, with its own affinity cookie; seconds to the end."""
    cookie = f"osa_replica={secrets.token_hex(16)}"
    start = time.perf_counter()
    await fetch_all(url, plan.before_socket, cookie, pool)
    map_arrived = asyncio.Event()
    socket = asyncio.create_task(websocket_run(url, cookie, map_arrived))
    await map_arrived.wait()
    if socket.done() and socket.exception():
        raise socket.exception()
    await fetch_all(url, plan.after_socket, cookie, pool)
    await socket
    return time.perf_counter() - start


async def crowd_rounds(browser, setup: SetUp, sessions: int, rounds: int, pool: ThreadPoolExecutor) -> Crowd:
    crowd = Crowd(sessions, rounds)
    plan = setup.warm[-1].traffic
    for _ in range(rounds):
        page = asyncio.ensure_future(timed_load(browser, setup.url, map_page=True))
        replays = [replayed_session(setup.url, plan, pool) for _ in range(sessions - 1)]
        results = await asyncio.gather(page, *replays, return_exceptions=True)
        if isinstance(results[0], Load):
            crowd.browser_times.append(results[0].painted)
        crowd.replay_times += [r for r in results[1:] if isinstance(r, float)]
        failed = [r for r in results if isinstance(r, BaseException)]
        crowd.failures += len(failed)
        crowd.errors += [f"{type(r).__name__}: {r}"[:200] for r in failed[:3]]
        await asyncio.sleep(1.0)  # let the servers settle between rounds
    return crowd


def rss(pids: list[int]) -> list[float]:
    return [peak_rss_mb(pid) for pid in pids]


async def main(replicas: int, runs: int, rounds: dict[int, int]) -> None:
    from playwright.async_api import async_playwright

    logs = Path(tempfile.mkdtemp(prefix="osa-bench-replicas-"))
    floor = start_app(logs, script=BENCH_DIR / "floor_app.py")
    one = start_app(logs)
    stack = start_stack(replicas, logs / "stack")
    setups = [
        SetUp("one process", one.url, [one.process.pid], one.stop),
        SetUp(f"{replicas} replicas + nginx", stack.url, [r.process.pid for r in stack.replicas], stack.stop),
    ]
    floor_warm: list[Load] = []
    started = time.monotonic()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            for _ in range(2):  # cold loads: every server builds its caches and writes its static files
                await timed_load(browser, floor.url, map_page=True)
                for setup in setups:
                    await timed_load(browser, setup.url, map_page=True)
            for _ in range(runs):  # interleaved, so the machine's drift hits all three alike
                floor_warm.append(await timed_load(browser, floor.url, map_page=True))
                for setup in setups:
                    setup.warm.append(await timed_load(browser, setup.url, map_page=True))
            for setup in setups:
                setup.rss_one = rss(setup.pids)
            with ThreadPoolExecutor(max_workers=max(CROWDS) * BROWSER_CONNECTIONS) as pool:
                for sessions in CROWDS:
                    for setup in setups:
                        setup.crowds[sessions] = await crowd_rounds(browser, setup, sessions, rounds[sessions], pool)
                        print(f"  ... {setup.name}, {sessions} sessions: done at {time.monotonic() - started:.0f} s")
            for setup in setups:
                setup.rss_crowd = rss(setup.pids)
            await browser.close()
    finally:
        floor.stop()
        for setup in setups:
            setup.stop()

    floor_median = statistics.median(load.painted for load in floor_warm)
    outside = [url for load in floor_warm for url in load.traffic.outside]
    outside += [url for setup in setups for load in setup.warm for url in load.traffic.outside]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"warm first map, median of {runs} interleaved loads (navigation start -> first drawn country):")
    print(f"  {'stack floor (map only, one process)':<44}{floor_median:>8.2f} s   1.00x")
    for setup in setups:
        median = statistics.median(load.painted for load in setup.warm)
        print(f"  {'OSA map, ' + setup.name:<44}{median:>8.2f} s{median / floor_median:>7.2f}x the floor")
    print("  loads (s): floor " + ", ".join(f"{x.painted:.2f}" for x in floor_warm))
    for setup in setups:
        print(f"             {setup.name}: " + ", ".join(f"{x.painted:.2f}" for x in setup.warm))
        kb = statistics.median(x.traffic.total() for x in setup.warm) / 1024
        print(f"             {setup.name}: bytes on load, median {kb:.0f} KB")
    for sessions in CROWDS:
        print(f"{sessions} sessions at once ({rounds[sessions]} rounds of 1 Chromium page + {sessions - 1} replayed):")
        for setup in setups:
            crowd = setup.crowds[sessions]
            one_session = statistics.median(load.painted for load in setup.warm)
            got = len(crowd.browser_times) + len(crowd.replay_times)
            line = f"  {setup.name:<22} got a map {got:>4d} of {sessions * crowd.rounds} ({crowd.failures} errors)"
            if crowd.browser_times:
                p50, p95 = percentile(crowd.browser_times, 0.5), percentile(crowd.browser_times, 0.95)
                line += f"; Chromium p50 {p50:.2f} s, p95 {p95:.2f} s = {p95 / one_session:.2f}x one session"
            if crowd.replay_times:
                p50, p95 = percentile(crowd.replay_times, 0.5), percentile(crowd.replay_times, 0.95)
                line += f"; all sessions p50 {p50:.2f} s, p95 {p95:.2f} s"
            print(line)
            for error in crowd.errors[:3]:
                print(f"      {error}")
    print("peak memory per server process (VmHWM, MB): after one session / after the crowds")
    for setup in setups:
        print(
            f"  {setup.name:<22} "
            + "; ".join(f"{a:.0f} / {b:.0f}" for a, b in zip(setup.rss_one, setup.rss_crowd, strict=True))
        )
    print(f"requests that tried to leave the machine: {len(outside)}")


if __name__ == "__main__":
    # A SIGTERM (e.g. from `timeout`) unwinds like Ctrl-C, so the servers and nginx are stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    parser = argparse.ArgumentParser(description="one process vs replicas behind nginx (prints, asserts nothing)")
    parser.add_argument("--replicas", type=int, default=2, help="replicas behind nginx (default 2: one per core)")
    parser.add_argument("--runs", type=int, default=5, help="warm loads per set-up, interleaved (default 5)")
    parser.add_argument("--rounds", type=int, nargs=3, default=[6, 3, 2], metavar=("R20", "R50", "R100"))
    arguments = parser.parse_args()
    asyncio.run(main(arguments.replicas, arguments.runs, dict(zip(CROWDS, arguments.rounds, strict=True))))
    # The static edition, in the same run (once the servers above have stopped; outside asyncio,
    # since its measurement drives Playwright's sync API): its first map against an empty
    # Streamlit page (bench/static_edition.py), for readers a server cannot serve.
    import static_edition

    print("static edition (python -m osa_map publish), served as plain files on 127.0.0.1:")
    static_edition.report(*static_edition.measure(arguments.runs))
