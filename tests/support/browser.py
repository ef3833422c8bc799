"""Run the app and drive it in headless Chromium: shared by the tests, bench/ and scripts/.

Playwright is a test dependency (requirements-dev.txt), so it is imported only when a browser
is launched. Chromium comes from Debian: Playwright cannot download its own browser here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from osa_map.paths import REPO_ROOT

APP_ROOT = REPO_ROOT
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
SERVER_START_TIMEOUT_S = 60
PORT_ATTEMPTS = 3
CHROMIUM_ARGS = [
    # As root in a container Chromium needs --no-sandbox; the rest stop its own background
    # traffic (updates, sync, field trials) so "no request leaves the machine" tests the app.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Leaflet keeps off-screen paths as "M0 0"; a country is drawn once one has a real outline.
# As a function of a document, so a page can also ask it of its map frame (bench/run.py).
DRAWN_COUNTRY_IN_JS = """(doc) => [...doc.querySelectorAll('path.leaflet-interactive')]
    .some(path => path.getAttribute('d') && path.getAttribute('d') !== 'M0 0')"""
DRAWN_COUNTRY_JS = f"() => ({DRAWN_COUNTRY_IN_JS})(document)"
# Every stylesheet the document links has arrived: until then Leaflet's controls are bare links.
STYLED_JS = "() => [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)"
# Streamlit has finished its run and drawn what it sent: no element is stale (drawn faded while a
# run is in progress, then removed or shown again). A component's iframe may still be on its way.
STREAMLIT_IDLE_JS = """() => !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    && !document.querySelector('[data-stale="true"]')
    && [...document.querySelectorAll('[data-testid="stElementContainer"], .stElementContainer')]
        .every(e => getComputedStyle(e).opacity === '1')"""


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(log_dir: Path, script: Path = APP_ROOT / "app.py", data_dir: Path | None = None) -> AppServer:
    """`streamlit run SCRIPT` on a free loopback port, returned once its health check answers.

    Another process (a second test worker, say) may take the free port before Streamlit binds it:
    Streamlit then exits saying so, and the server is started again on another free port.
    """
    for _ in range(PORT_ATTEMPTS - 1):
        try:
            return _start_app_on(free_port(), log_dir, script, data_dir)
        except PortTaken:
            continue
    return _start_app_on(free_port(), log_dir, script, data_dir)


class PortTaken(RuntimeError):
    """Streamlit could not bind the port it was given."""


def _start_app_on(port: int, log_dir: Path, script: Path, data_dir: Path | None) -> AppServer:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if data_dir is not None:
        env["OSA_DATA_DIR"] = str(data_dir)
    log_path = log_dir / f"streamlit-{port}.log"
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    process = subprocess.Popen(command, cwd=APP_ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text()
            error = PortTaken if f"Port {port} is not available" in log else RuntimeError
            raise error(f"streamlit exited with {process.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return AppServer(url, process, log_path)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"streamlit did not answer within {SERVER_START_TIMEOUT_S}s:\n{log_path.read_text()}")


def find_chromium() -> str | None:
    return os.environ.get("OSA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def launch_chromium(playwright):
    chromium = find_chromium()
    if not chromium:
        raise RuntimeError(
            "Chromium not found: install it (Debian/Ubuntu: apt-get install chromium) or set OSA_CHROMIUM."
        )
    return playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return (urlparse(url).hostname or "") in LOCAL_HOSTS


def fence_offline(context, outside_requests: list[str]) -> None:
    """Record every request to another machine and abort it, as an offline briefing room would."""
    context.on("request", lambda request: is_local(request.url) or outside_requests.append(request.url))
    context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())


def wait_for_map(page, timeout_ms: int = 60_000):
    """Wait until Leaflet has drawn a country in the map's iframe, styled; return that frame."""
    frame = page.wait_for_selector(MAP_IFRAME, timeout=timeout_ms).content_frame()
    frame.wait_for_function(DRAWN_COUNTRY_JS, timeout=timeout_ms)
    frame.wait_for_function(STYLED_JS, timeout=timeout_ms)
    return frame


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished its run and drawn the result (STREAMLIT_IDLE_JS)."""
    page.wait_for_function(STREAMLIT_IDLE_JS, timeout=timeout_ms)
