"""The static edition (`python -m osa_map publish OUT/`): plain files that need no server.

Unit tests read the files; browser tests open them in Chromium from file:// and over http://
(a web server on 127.0.0.1), with every request to another machine aborted and recorded, and
check them with axe-core.
"""

from __future__ import annotations

import functools
import re
import threading
import zipfile
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from osa_map.data.dataset import load_dataset
from osa_map.data.release import read_release
from osa_map.render.static_site import publish_site
from tests.helpers import LEDGER, ledger_row, write_dataset

# One worker runs the module (pytest-xdist): the site is published once.
pytestmark = pytest.mark.xdist_group("static_site")

TODAY = date(2026, 1, 1)
HOSTILE = '<img src="http://evil.example/x.png">'


@pytest.fixture(scope="module")
def site(tmp_path_factory, countries):
    directory = tmp_path_factory.mktemp("static") / "data"
    ledger = [*LEDGER, ledger_row("TON", "Tonga", "2025-12-05", "fy2024_25", "agreed", summary=f"Boats {HOSTILE}")]
    write_dataset(directory, ledger=ledger)
    (directory / "VERSION").write_text("2026.01.01\n", encoding="utf-8")
    out = directory.parent / "site"
    publish_site(load_dataset(directory), countries, out, TODAY)
    return out


def test_every_page_is_written_in_both_languages(site):
    for folder in (site, site / "ja"):
        assert (folder / "index.html").is_file() and (folder / "embed.html").is_file()
        assert (folder / "countries" / "index.html").is_file()
        for iso3 in ("PHL", "VNM", "FJI", "PNG", "TON"):
            assert (folder / "countries" / f"{iso3}.html").is_file()
    assert '<html lang="ja">' in (site / "ja" / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(site / "osa-data-2026.01.01.zip") as archive:
        assert "osa-data-2026.01.01/recipients.csv" in archive.namelist()


def test_nothing_is_loaded_from_anywhere_and_csv_text_is_escaped(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        loads = re.findall(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(https?:|//)""", text)
        assert loads == [], page
    tonga = (site / "countries" / "TON.html").read_text(encoding="utf-8")
    assert "Boats &lt;img src=&quot;http://evil.example/x.png&quot;&gt;" in tonga
    assert HOSTILE not in tonga


def test_the_map_bakes_in_every_change_date_and_the_data_version(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    for day in ("2023-11-03", "2024-11-30", "2025-12-05", "2026-01-01", "2024-03-31"):  # 2024-03-31: FY2023's end
        assert f'<option value="{day}">' in page
    assert "Data version 2026.01.01" in page


# --- in Chromium -------------------------------------------------------------------------------


def serve(folder):
    """A plain web server for `folder` on 127.0.0.1, as any static host would serve it."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fence(page, outside: list[str]) -> None:
    """Abort and record every request that is not to this machine (file://, 127.0.0.1)."""

    def local(url: str) -> bool:
        parsed = urlparse(url)
        return parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost")

    page.on("request", lambda request: local(request.url) or outside.append(request.url))
    page.route("**/*", lambda route: route.continue_() if local(route.request.url) else route.abort())


@pytest.mark.browser
@pytest.mark.parametrize("over", ["file", "http"])
def test_the_map_draws_offline_and_its_date_control_redraws_it(site, browser, over):
    server = serve(site) if over == "http" else None
    base = f"http://127.0.0.1:{server.server_address[1]}" if server else site.as_uri()
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    outside, errors = [], []
    fence(page, outside)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{base}/index.html#2024-03-31")
        page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 200")
        legend = page.locator("#osa-legend .title")
        assert "31 Mar 2024" in legend.inner_text()
        page.select_option("#osa-date", "2026-01-01")
        page.wait_for_function("() => document.querySelector('#osa-legend .title').textContent.includes('1 Jan 2026')")
        assert page.url.endswith("#2026-01-01")  # a link to the view
        page.goto(f"{base}/ja/countries/TON.html")
        assert page.locator("h1").inner_text() == "トンガ"
        assert outside == [] and errors == []
    finally:
        page.close()
        if server:
            server.shutdown()


@pytest.mark.browser
def test_every_kind_of_page_passes_axe(site, browser):
    """axe-core (axe-playwright-python bundles it): no serious or critical violation on the map,
    the embeddable map, the country list and a country page, in both languages."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    found = {}
    try:
        for path in ("index.html", "embed.html", "countries/index.html", "countries/FJI.html"):
            for prefix in ("", "ja/"):
                page.goto((site / f"{prefix}{path}").as_uri())
                if path.endswith(("index.html", "embed.html")) and "countries" not in path:
                    page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 200")
                results = Axe().run(page)
                bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
                found[f"{prefix}{path}"] = [f"{v['id']} ({v['impact']}): {len(v['nodes'])}" for v in bad]
    finally:
        page.close()
    assert all(not violations for violations in found.values()), found


def test_the_command_publishes_the_shipped_data(tmp_path, capsys, monkeypatch):
    from osa_map.paths import DATA_DIR
    from tests.test_cli import call_main

    result = call_main(capsys, monkeypatch, "publish", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / f"osa-data-{read_release(DATA_DIR)}.zip").is_file()
    assert (tmp_path / "site" / "countries" / "PHL.html").is_file()
