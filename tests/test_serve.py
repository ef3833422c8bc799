"""The replicated set-up, as an operator starts it: `python scripts/serve.py --replicas 2`.

One start for the module: two Streamlit replicas behind nginx (deploy/nginx/nginx.conf.template,
the file the proxy image ships), on a copy of the shipped data. The tests check that a map loads
in Chromium through the load balancer, with Streamlit's bundles served by nginx and everything
else kept on one replica per reader; that an edit saved in the shared data folder shows on both
replicas at their readers' next click; and that two saves of the same version are not both
accepted: the second is refused and kept, nothing is lost.
"""

from __future__ import annotations

import importlib.util
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

from osa_map.paths import DATA_DIR, REPO_ROOT
from osa_map.render.previews import nginx_preview_maps
from tests.support.browser import MAP_IFRAME, fence_offline, free_port, wait_for_map

# One worker runs the module (pytest-xdist): nginx and the replicas start once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("serve")]

START_TIMEOUT_S = 90
LOAD_TIMEOUT_MS = 60_000


@dataclass
class Served:
    url: str
    replica_urls: list[str]
    data_dir: Path
    runtime_dir: Path
    process: subprocess.Popen
    replica_pids: list[int]

    def access_log(self) -> list[str]:
        time.sleep(1.5)  # nginx flushes its buffered access log every second
        return (self.runtime_dir / "access.log").read_text().splitlines()


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def _hear_ctrl_c() -> None:
    """In the child, before serve.py starts: Ctrl-C at its default, whatever the tests inherited.

    A shell ignores Ctrl-C in a command it runs in the background (`python scripts/run_tests.py &`),
    and the child would inherit that: serve.py would never hear the SIGINT that stops it below."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("shared") / "data"
    shutil.copytree(DATA_DIR, data_dir, ignore=shutil.ignore_patterns("history", ".last_good", ".*.lock"))
    runtime_dir = tmp_path_factory.mktemp("serve")
    command = [sys.executable, str(REPO_ROOT / "scripts" / "serve.py"), "--replicas", "2"]
    command += ["--port", str(free_port()), "--data-dir", str(data_dir), "--runtime-dir", str(runtime_dir)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=_hear_ctrl_c
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    said, url = [], None
    deadline = time.monotonic() + START_TIMEOUT_S
    while url is None and time.monotonic() < deadline:
        try:
            said.append(lines.get(timeout=1))
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        if match := re.match(r"Serving the OSA map at (\S+) ", said[-1]):
            url = match.group(1)
    if url is None:
        process.kill()
        pytest.fail("scripts/serve.py did not start:\n" + "".join(said))
    replicas = [re.match(r"replica \d+: (\S+) \(pid (\d+)", line) for line in said]
    replicas = [match for match in replicas if match]
    urls, pids = [m.group(1) for m in replicas], [int(m.group(2)) for m in replicas]
    served = Served(url, urls, data_dir, runtime_dir, process, pids)
    yield served
    # Ctrl-C, as an operator stops it: serve.py stops nginx and every replica, and exits 0.
    process.send_signal(signal.SIGINT)
    try:
        assert process.wait(timeout=30) == 0, "".join(said)
    finally:
        if process.poll() is None:  # the test fails above; nginx and the replicas must not outlive it
            process.terminate()  # serve.py stops them on SIGTERM too
            process.wait(timeout=30)
    for pid in served.replica_pids:
        assert not Path(f"/proc/{pid}").exists(), f"replica {pid} still running after Ctrl-C"


def test_serve_starts_two_replicas_behind_one_address(served):
    assert len(served.replica_urls) == 2
    assert served.url not in served.replica_urls


def test_a_map_loads_through_the_load_balancer_on_one_replica(page, served, watch):
    bundles = []
    page.on(
        "response",
        # Streamlit's own bundles (/static/js/...), not a component's (/component/.../static/js/...)
        lambda response: (
            urlparse(response.url).path.startswith("/static/js/") and bundles.append((response.url, response.headers))
        ),
    )
    page.goto(served.url)
    wait_for_map(page, LOAD_TIMEOUT_MS)
    assert watch.console_errors == []
    # Streamlit's bundles come from nginx, precompressed, cached for a year: every one of them
    # (which arrive first varies from run to run). A file under 1 KB is served as it is, by
    # design: serve.py does not precompress it and nginx's gzip_min_length is 1024.
    assert bundles
    for url, headers in bundles:
        assert "immutable" in headers.get("cache-control", ""), url
        if headers.get("content-encoding") != "gzip":
            assert int(headers["content-length"]) < 1024, (url, headers)
    # Every request the replicas answered for this reader, the WebSocket included, went to one.
    route = next(c["value"] for c in page.context.cookies() if c["name"] == "osa_replica")
    page.goto("about:blank")  # nginx logs a WebSocket when it closes
    mine = [line for line in served.access_log() if f"route={route}" in line]
    assert any("/_stcore/stream" in line for line in mine)
    assert not any('"GET /static/' in line and "upstream=-" not in line for line in mine), "a bundle reached Python"
    upstreams = {line.split("upstream=")[1].split()[0] for line in mine if "upstream=-" not in line}
    assert len(upstreams) == 1, mine


def _open_on(browser, url: str, outside: list[str]):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, service_workers="block")
    fence_offline(context, outside)
    page = context.new_page()
    page.goto(url)
    return context, page, wait_for_map(page, LOAD_TIMEOUT_MS)


def _click(page, frame, lat: float, lon: float) -> None:
    page.locator(MAP_IFRAME).last.scroll_into_view_if_needed()
    point = frame.evaluate(
        """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
             const box = window.map.getContainer().getBoundingClientRect();
             return {x: p.x + box.left, y: p.y + box.top}; }""",
        [lat, lon],
    )
    box = page.locator(MAP_IFRAME).last.bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_an_edit_saved_through_one_replica_shows_on_the_other_at_the_next_click(browser, served, label_points):
    from osa_map.editing.editable import load_for_editing
    from osa_map.editing.save import EditConflict, save_table

    outside: list[str] = []
    opened = [_open_on(browser, url, outside) for url in served.replica_urls]
    try:
        # Two editors open the same version of the ledger, one on each replica.
        first = load_for_editing(served.data_dir, "recipients.csv")
        second = load_for_editing(served.data_dir, "recipients.csv")
        latest_fiji = first.frame[first.frame["iso3"] == "FJI"]["as_of"].idxmax()
        saved = "Edited through replica one, read through both."
        edited = first.frame.copy()
        edited.loc[latest_fiji, "summary"] = saved
        save_table(served.data_dir, first, edited, "Editor One")
        # The second saves the version it opened: refused, and kept in history, not lost.
        theirs = second.frame.copy()
        theirs.loc[latest_fiji, "summary"] = "A competing edit."
        with pytest.raises(EditConflict):
            save_table(served.data_dir, second, theirs, "Editor Two")
        history = served.data_dir / "history"
        assert any(b"A competing edit." in path.read_bytes() for path in history.glob("recipients.*.refused.csv"))
        assert saved.encode() in (served.data_dir / "recipients.csv").read_bytes()
        # Readers already on each replica see the saved edit at their next click, not the refused one.
        for _, page, frame in opened:
            _click(page, frame, *label_points["FJI"])
            page.get_by_role("heading", name="Fiji", exact=True).wait_for(timeout=LOAD_TIMEOUT_MS)
            page.get_by_text(saved, exact=True).wait_for(timeout=LOAD_TIMEOUT_MS)
            assert page.get_by_text("A competing edit.").count() == 0
    finally:
        for context, _, _ in opened:
            context.close()
    assert outside == []


def test_the_proxy_image_fills_in_the_same_nginx_file_as_serve_py(tmp_path):
    """deploy/nginx/entrypoint.sh (envsubst, in the image) and serve.py must make the same config."""
    spec = importlib.util.spec_from_file_location("osa_serve_script", REPO_ROOT / "scripts" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = serve  # its dataclasses look their module up while it loads
    spec.loader.exec_module(serve)
    template = serve.NGINX_TEMPLATE.read_text()
    names = set(re.findall(r"\$\{(OSA_[A-Z_]+)\}", template))
    entrypoint = (REPO_ROOT / "deploy" / "nginx" / "entrypoint.sh").read_text()
    listed = re.search(r"envsubst '([^']+)'", entrypoint).group(1)
    assert set(re.findall(r"\$\{(OSA_[A-Z_]+)\}", listed)) == names, "entrypoint.sh must fill in every name"
    values = {name: f"/{name.lower()}" for name in names}
    values |= {"OSA_LISTEN": "127.0.0.1:1", "OSA_UPSTREAM_SERVERS": "server 127.0.0.1:2;", "OSA_NGINX_USER": "root"}
    values |= {"OSA_RUNTIME_DIR": str(tmp_path), "OSA_MIME_TYPES": "/etc/nginx/mime.types"}
    (tmp_path / "previews.conf").write_text(nginx_preview_maps({}))
    values |= {"OSA_PREVIEWS": str(tmp_path / "previews.conf")}
    envsubst = subprocess.run(
        ["envsubst", listed], input=template, capture_output=True, text=True, env={**os.environ, **values}, check=True
    )
    assert envsubst.stdout == serve.render_nginx_config(values)
    (tmp_path / "nginx.conf").write_text(envsubst.stdout)
    checked = subprocess.run([serve.find_nginx(), "-t", "-q", "-e", "stderr", "-c", str(tmp_path / "nginx.conf")])
    assert checked.returncode == 0


def _head(url: str) -> str:
    """The page's head as a link preview fetches it: plain HTTP, no scripts run."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8").split("</head>")[0]


def test_a_shared_link_previews_its_country_and_date(served):
    today = date.today().isoformat()
    head = _head(f"{served.url}/?country=PHL&as_of=2025-03-31")
    assert "<title>Philippines on 2025-03-31 · OSA map</title>" in head
    description = re.search(r'<meta property="og:description" content="([^"]*)">', head).group(1)
    assert description.startswith("Philippines in Japan&#x27;s Official Security Assistance (OSA): Inaugural")
    assert '<meta property="og:title" content="Philippines on 2025-03-31 · OSA map">' in head
    # Japanese, and today when the link names no date.
    assert f"<title>フィジー（{today}）· OSA 地図</title>" in _head(f"{served.url}/?lang=ja&country=FJI")
    # A link's own text never reaches the page: a bad date is today, an unknown country the app's title.
    hostile = urllib.parse.quote('"><script>alert(1)</script>')
    head = _head(f"{served.url}/?as_of={hostile}&country={hostile}&lang={hostile}")
    assert f"<title>OSA recipients on {today} · OSA map</title>" in head
    assert "alert(1)" not in head
