"""Hostile input (issue 17): what anyone who can open a link, write a cell, break a file or open a
websocket can do, and what they see instead of a traceback.

Permissions: the tests run as root in CI, and root reads a `chmod 000` file anyway. So the
checks of unreadable files run the app in a child process without the two capabilities that let
root ignore file permissions (`setpriv --bounding-set -dac_override,-dac_read_search`); as any
other user, plain chmod is enough and the child runs as is.
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
import tomllib
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osa_map.data.dataset import fingerprint, load_dataset, read_data_files
from osa_map.data.lastgood import remember
from osa_map.data.regions import load_regions, regions_path
from osa_map.data.schema import MAX_FILE_BYTES, SCHEMAS, DataError
from osa_map.editing import auth
from osa_map.model.view import VIEW_PARAMS
from osa_map.render.text import escape_markdown, escape_mathtext
from tests.helpers import COHORTS, LEDGER, PACKAGES, write_dataset
from tests.support.browser import start_app
from tests.test_pages import run_app

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TIMEOUT_S = 60
BAD_LINK = "Some values in the link were not recognised and were ignored:"

# Values a hostile link can carry, by what they try.
LINK_VALUES = {
    "markdown-link": "[Your session expired - sign in again](https://evil.example/login)",
    "markdown-image": "![x](http://host.example/t.png)",
    "html": '<img src=x onerror="window.__xss=1">',
    "fullwidth-digits": "２０２３-０６-０１",
    "arabic-indic-digits": "٣",
    "huge": "9" * 100_000,
}


# --- links: every parameter, every kind of hostile value -----------------------------------------


def _query(name: str, value: str) -> dict[str, str]:
    # A tour step is only read in presentation mode, so a hostile step comes with present=1.
    return {name: value, "present": "1"} if name == "step" else {name: value}


@pytest.mark.parametrize("kind", sorted(LINK_VALUES))
@pytest.mark.parametrize("name", VIEW_PARAMS)
def test_hostile_link_values_give_a_message_and_never_a_traceback(name, kind):
    value = LINK_VALUES[kind]
    app = run_app(_query(name, value))
    assert not app.exception, app.exception
    toasts = [toast.value for toast in app.toast]
    if name in ("lang", "present"):
        # Not a filter or a place: an unknown language is English, anything but 1/true/yes is "off".
        assert app.title[0].value == "Japan's Official Security Assistance"
        return
    assert len(toasts) == 1, toasts
    assert toasts[0].startswith(BAD_LINK)
    # The values are one inline code span: no link, image or HTML can be made inside it.
    shown = toasts[0].removeprefix(BAD_LINK).strip()
    assert shown.startswith("`") and shown.endswith("`") and "`" not in shown[1:-1], shown
    assert len(shown) < 100, "a huge value is not echoed back"
    if kind == "huge":  # filters show the first 40 characters; the single values, an ellipsis
        assert shown in (f"`{name}=…`", f"`{name}={'9' * 40}`"), shown
    else:
        assert shown[1:-1].startswith(f"{name}=")


# --- cells: markup in every free-text column is shown as text -----------------------------------

CELL = "[click](https://evil.example/c) ![i](http://host.example/i.png) <b>bold</b> $x$"
LINK_OR_IMAGE = re.compile(r"(?<!\\)\]\(https?://(evil|host)\.example")


def _hostile_dataset(directory: Path) -> Path:
    def poison(row: dict[str, str], file: str) -> dict[str, str]:
        text_columns = [c.name for c in SCHEMAS[file] if c.kind == "text"]
        return {**row, **{column: f"{column}: {CELL}" for column in text_columns}}

    cohorts = [dict(poison(c, "cohorts.csv"), key=c["key"], colour=c["colour"], order=c["order"]) for c in COHORTS]
    ledger = [poison(row, "recipients.csv") for row in LEDGER]
    packages = [poison(row, "packages.csv") for row in PACKAGES]
    return write_dataset(directory, ledger=ledger, packages=packages, cohorts=cohorts)


def _markdown_values(app: AppTest) -> list[str]:
    """Everything on the page that Streamlit renders as markdown."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "toast")
    return [str(element.value) for kind in kinds for element in app.get(kind)]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        pytest.param(None, {"country": "PHL"}, id="map-panel"),
        pytest.param(None, {"as_of": "2023-11-03"}, id="map-changed-on"),
        pytest.param(None, {}, id="map-overview"),
        pytest.param(None, {"present": "1", "step": "2"}, id="map-tour"),
        pytest.param("pages/about.py", {}, id="about"),
        pytest.param("pages/data.py", {}, id="data"),
        pytest.param("pages/programme.py", {}, id="programme"),
    ],
)
def test_markup_in_every_text_column_is_rendered_as_text(tmp_path, monkeypatch, page, query):
    monkeypatch.setenv("OSA_DATA_DIR", str(_hostile_dataset(tmp_path / "data")))
    app = run_app(query, page)
    assert not app.exception, app.exception
    rendered = _markdown_values(app)
    live = [value for value in rendered if LINK_OR_IMAGE.search(value) or "<b>" in value]
    assert live == [], live


@pytest.mark.parametrize(
    "text", [CELL, "see https://evil.example/x", "www.evil.example", "mail me: a@evil.example", "https&#58;//evil"]
)
def test_escape_markdown_leaves_no_live_link_image_or_html(text):
    escaped = escape_markdown(text)
    assert not LINK_OR_IMAGE.search(escaped)
    assert "<b>" not in escaped
    # Streamlit's markdown autolinks bare URLs and addresses in the text left after escapes are
    # resolved, so none may survive that; and no character reference may be decoded into one.
    assert not re.search(r"(?<!\\)&", escaped)
    resolved = re.sub(r"\\(.)", r"\1", escaped)
    assert not re.search(r"https?://|www\.|\w@\w", resolved, re.IGNORECASE), resolved
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == text.replace("\n", " ")  # reads the same


# --- matplotlib text ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["US$5m to $8m", r"$\undefinedmacro$", r"a\$b", "$", "100% $ & <b>"])
def test_escape_mathtext_prints_dollars_literally_and_never_fails(text):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure()
    try:
        figure.text(0.1, 0.5, escape_mathtext(text))
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            svg = io.BytesIO()
            figure.savefig(svg, format="svg")
        figure.savefig(io.BytesIO(), format="png")
    finally:
        plt.close(figure)
    drawn = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.getvalue().decode())]
    assert drawn == [text]


def test_unescaped_mathtext_is_what_breaks_exports():
    """The reason for escape_mathtext: without it, one cell fails the whole PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure()
    figure.text(0.1, 0.5, r"$\undefinedmacro$")
    try:
        with pytest.raises(ValueError):
            figure.savefig(io.BytesIO(), format="png")
    finally:
        plt.close(figure)


# --- files: unreadable, not UTF-8, huge, read-only -----------------------------------------------

# Runs in a child process (see the module docstring); prints what a reader would see as JSON.
_PAGE_PROBE = textwrap.dedent(
    """
    import json, sys
    from streamlit.testing.v1 import AppTest
    results = {}
    for page in json.loads(sys.argv[1]):
        app = AppTest.from_file(sys.argv[2], default_timeout=60)
        app.query_params["lang"] = sys.argv[3]
        app.run()
        if page:
            app.switch_page(page).run()
        results[page or "map"] = {
            "exception": [str(e.value) for e in app.exception],
            "error": [e.value for e in app.error],
            "warning": [w.value for w in app.warning],
            "tables": [str(frame.value.to_dict("records")) for frame in [*app.dataframe, *app.table]],
            "subheader": [s.value for s in app.subheader],
        }
    print("RESULT" + json.dumps(results))
    """
)


def run_pages_without_file_permission_override(data_dir: Path, pages: list[str | None], lang: str = "en") -> dict:
    command = [sys.executable, "-c", _PAGE_PROBE, json.dumps(pages), APP, lang]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "running as root needs setpriv (util-linux) to test unreadable files"
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]
    env = {**os.environ, "OSA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("OSA_EDITOR_PASSWORD", None)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    assert done.returncode == 0 and lines, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("RESULT"))


@pytest.fixture
def remembered_data(tmp_path) -> Path:
    """A valid data folder whose last good copy has been kept, as after the app's first visit."""
    directory = write_dataset(tmp_path / "data")
    assert remember(load_dataset(directory))
    yield directory
    for path in [directory, *directory.rglob("*")]:  # let pytest clean up
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_unreadable_csv_shows_last_good_data_and_says_how_to_fix(remembered_data):
    (remembered_data / "recipients.csv").chmod(0o000)
    result = run_pages_without_file_permission_override(remembered_data, [None, "pages/data.py"])
    for page, seen in result.items():
        assert seen["exception"] == [], page
        assert "1 problem(s)" in seen["error"][0] and "last valid version" in seen["error"][0], page
        assert "the file cannot be read (permission denied)" in seen["tables"][0], page
        assert f"chmod a+r {remembered_data / 'recipients.csv'}" in seen["tables"][0], page
    assert result["map"]["subheader"] == ["Pick a country"]  # the map and its panel are drawn


def test_unreadable_data_folder_says_so_in_the_readers_language(remembered_data):
    remembered_data.chmod(0o000)
    result = run_pages_without_file_permission_override(remembered_data, [None, "pages/about.py"], lang="ja")
    for page, seen in result.items():
        assert seen["exception"] == [], page
        assert "アクセス権がありません" in seen["tables"][0], page
        assert f"chmod a+rx {remembered_data}" in seen["tables"][0], page


def test_read_only_data_folder_and_history_break_no_page(tmp_path):
    directory = write_dataset(tmp_path / "data")
    history = directory / "history"
    history.mkdir()
    (history / "CHANGES.log").write_text("")
    for folder in (history, directory):
        folder.chmod(0o555)
    try:
        pages = [None, "pages/data.py", "pages/programme.py", "pages/about.py", "pages/editor.py"]
        result = run_pages_without_file_permission_override(directory, pages)
    finally:
        for folder in (directory, history):
            folder.chmod(0o755)
    for page, seen in result.items():
        assert seen["exception"] == [], page
        assert seen["error"] == [], page
    assert not (directory / ".last_good").exists()  # it could not be kept, and that is not an error


def test_regions_csv_not_utf8_falls_back_with_a_warning(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "data")
    (directory / "regions.csv").write_bytes(b"iso3,region_key\nPHL,south_eastern_asia\nCIV,western_africa \xe9\n")
    monkeypatch.setenv("OSA_DATA_DIR", str(directory))
    assert regions_path(directory) != directory / "regions.csv"
    assert load_regions(directory)["PHL"] == "south_eastern_asia"  # from the shipped file
    for page in (None, "pages/data.py"):
        app = run_app({"region": "melanesia"}, page)
        assert not app.exception, app.exception
        shown = [w.value.replace("\\", "") for w in app.warning]  # as rendered: markdown escapes removed
        assert any("regions.csv" in text and "not saved as UTF-8" in text for text in shown), shown


def test_a_2_gb_file_is_refused_by_its_size_without_being_read(tmp_path):
    directory = write_dataset(tmp_path / "data")
    with (directory / "recipients.csv").open("r+b") as handle:
        handle.truncate(2 * 1024**3)  # sparse: 2 GB long, no disk used
    tracemalloc.start()
    started = time.perf_counter()
    try:
        key = fingerprint(directory)
        contents, problems = read_data_files(directory)
        with pytest.raises(DataError) as raised:
            load_dataset(directory)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert peak < 20 * 1024**2, f"{peak / 1024**2:.0f} MB allocated"
    assert elapsed < 2, f"{elapsed:.1f} s"
    assert contents["recipients.csv"] is None
    assert [p.message for p in problems] == [
        f"the file is 2048.0 MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB limit. "
        + problems[0].message.split("limit. ", 1)[1]
    ]
    assert "2048.0 MB" in str(raised.value)
    # The cache key still changes when the file is fixed.
    (directory / "recipients.csv").unlink()
    write_dataset(directory)
    assert fingerprint(directory) != key


def test_a_2_gb_file_on_the_map_page_is_a_problem_not_a_stall(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "data")
    assert remember(load_dataset(directory))
    with (directory / "packages.csv").open("r+b") as handle:
        handle.truncate(2 * 1024**3)
    monkeypatch.setenv("OSA_DATA_DIR", str(directory))
    app = run_app()
    assert not app.exception
    assert "last valid version" in app.error[0].value


# --- sign-in flood ----------------------------------------------------------------------------


@pytest.fixture
def fresh_limits():
    auth.reset_password_failures()
    yield
    auth.reset_password_failures()


def test_a_burst_of_300_guesses_from_100_sessions_checks_only_the_global_budget(fresh_limits):
    start = 1000.0
    results = []
    wall = time.perf_counter()
    for i in range(300):  # 300 guesses in 6 s, three from each of 100 sessions
        guess = auth.verify_password(f"guess {i}", "correct horse", client=f"session-{i % 100}", now=start + i * 0.02)
        results.append(guess)
    wall = time.perf_counter() - wall
    assert wall < 1, "no thread sleeps"
    assert not any(results)
    assert sum(r.checked for r in results) == auth.GLOBAL_BUDGET  # the rest were refused unchecked
    assert all(0 < r.retry_after_s <= auth.GLOBAL_WINDOW_S for r in results if not r.checked)
    assert len(auth._clients) <= auth.GLOBAL_BUDGET  # only checked failures are remembered: memory stays small
    # The real editor, from its own session, tries once a second after the burst.
    burst_end = start + 299 * 0.02
    waited = 0
    while not auth.verify_password("correct horse", "correct horse", client="editor", now=burst_end + waited):
        waited += 1
        assert waited <= auth.GLOBAL_WINDOW_S, "the editor is locked out for longer than the stated window"
    assert 0 < waited <= auth.GLOBAL_WINDOW_S  # measured: 55 s after a 6 s burst (the window is 60 s)


def test_a_client_is_locked_out_and_told_for_how_long(fresh_limits):
    assert auth.verify_password("typo", "secret", client="a", now=0).retry_after_s == 0  # one typo is free
    second = auth.verify_password("again", "secret", client="a", now=1)
    assert not second and second.checked and second.retry_after_s == 1
    refused = auth.verify_password("secret", "secret", client="a", now=1.5)
    assert not refused and not refused.checked and refused.retry_after_s == 1  # not even compared
    assert auth.verify_password("other", "secret", client="b", now=1.5).checked  # another client is not locked
    assert auth.verify_password("secret", "secret", client="a", now=2.1)


def test_repeated_failures_lock_longer_but_never_more_than_the_longest_pause(fresh_limits):
    waits, now = [], 0.0
    for _ in range(8):
        result = auth.verify_password("x", "secret", client="a", now=now)
        waits.append(result.retry_after_s)
        now += result.retry_after_s + auth.GLOBAL_WINDOW_S  # wait out both limits
    assert waits == [0, 1, 2, 4, 8, 16, 16, 16]


# --- clients: the clear-cache message ---------------------------------------------------------

RUN_TIMEOUT_S = 60

_CACHE_PROBE = textwrap.dedent(
    """
    import os
    from pathlib import Path

    import streamlit as st

    if os.environ["PROBE_GUARD"] == "1":
        from osa_map.ui.guard import refuse_client_cache_clearing

        refuse_client_cache_clearing()  # as app.py does

    @st.cache_resource
    def expensive() -> int:
        with Path(os.environ["PROBE_CALLS"]).open("a") as calls:
            calls.write("call\\n")
        return 1

    expensive()
    st.write("ran")
    """
)


async def _rerun_clear_rerun(url: str) -> None:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async def until_the_run_finishes(ws) -> None:
        """Read the server's messages until it says the script run is over."""
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=RUN_TIMEOUT_S))
            if message.WhichOneof("type") == "script_finished":
                return

    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    clear = BackMsg()
    clear.clear_cache = True
    async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"]) as ws:
        await ws.send(rerun.SerializeToString())
        await until_the_run_finishes(ws)  # the cache is filled (and, in app.py's place, the guard installed)
        for _ in range(5):  # a small flood
            await ws.send(clear.SerializeToString())
        # A session handles its messages in order, each clear before this rerun: when the rerun
        # has finished, the cached function has run again if, and only if, a clear got through.
        await ws.send(rerun.SerializeToString())
        await until_the_run_finishes(ws)


@pytest.mark.parametrize(("guard", "calls"), [("0", 2), ("1", 1)], ids=["streamlit-alone", "with-guard"])
def test_a_websocket_client_cannot_clear_the_server_caches(tmp_path, monkeypatch, guard, calls):
    """Against a real `streamlit run`: without the guard (control) the message clears the cache
    and the cached function runs again; with it, the cache survives."""
    script = tmp_path / "probe.py"
    script.write_text(_CACHE_PROBE)
    calls_file = tmp_path / "calls"
    monkeypatch.setenv("PROBE_GUARD", guard)
    monkeypatch.setenv("PROBE_CALLS", str(calls_file))
    server = start_app(tmp_path, script=script)
    try:
        # In a thread of its own: Playwright's sync API may hold this thread's event loop in a full run.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, _rerun_clear_rerun(server.url)).result()
    finally:
        server.stop()
    assert calls_file.read_text().count("call") == calls, server.log()


def test_the_app_installs_the_guard():
    from osa_map.ui.guard import client_cache_clearing_refused

    app = run_app()
    assert not app.exception
    assert client_cache_clearing_refused()


# --- serving defaults -------------------------------------------------------------------------


def test_config_serves_locally_and_shows_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["showErrorDetails"] == "none"
