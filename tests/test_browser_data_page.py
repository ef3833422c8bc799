"""The Data page in Chromium (issue 12), checked on element boxes at 1280x720, 1440x900 and 1920x1080:

- A link to /data that is the first a freshly started server answers still runs through app.py
  (wide layout, the language switch, `<html lang>`), not as Streamlit's old stand-alone page.
- Every row is on the page (no scroll box inside a table), no table scrolls sideways, and no
  cell's text is cut off: long source titles wrap, in English and in Japanese.
- A country's name opens the map on that country, on the table's date and in its language.
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import start_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("data_page")]  # one private server

LOAD_TIMEOUT_MS = 60_000
AS_OF = "2025-06-30"
SIZES = [(1280, 720), (1440, 900), (1920, 1080)]
TABLE = '[data-testid="stTable"]'

# Per table: its box, whether it (or its scroll box) hides anything sideways or below, its rows,
# and every cell whose text is wider or taller than the cell shows.
TABLE_FACTS_JS = """(table) => {
  const box = table.getBoundingClientRect();
  const scrollers = [table, ...table.querySelectorAll('*')].filter(
    (e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
  const clipped = [...table.querySelectorAll('td, th')].filter((cell) => {
    const inner = cell.firstElementChild || cell, c = cell.getBoundingClientRect(), i = inner.getBoundingClientRect();
    return i.right > c.right + 1 || i.bottom > c.bottom + 1 || inner.scrollWidth > inner.clientWidth + 1;
  }).map((cell) => cell.innerText.slice(0, 40));
  const links = [...table.querySelectorAll('a')].filter((a) => {
    const r = a.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1;
  }).map((a) => a.innerText.slice(0, 40));
  return {left: box.left, right: box.right, rows: table.querySelectorAll('tbody tr').length,
          scrollers: scrollers.map((e) => e.tagName + '.' + e.className.slice(0, 30)), clipped, links,
          viewport: document.documentElement.clientWidth,
          pageScrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth};
}"""


@pytest.fixture(scope="module")
def data_server(tmp_path_factory):
    """A server of this module's own, so its first request is a deep link to the Data page."""
    server = start_app(tmp_path_factory.mktemp("data-page"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def first_visit(data_server, browser):
    """What a reader saw on the first link the fresh server answered: /data in Japanese."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, service_workers="block")
    page = context.new_page()
    page.goto(f"{data_server.url}/data?lang=ja&as_of={AS_OF}", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(TABLE, timeout=LOAD_TIMEOUT_MS)
    facts = page.evaluate(
        """() => ({lang: document.documentElement.lang,
                   layout: document.querySelector('[data-testid="stAppViewContainer"]').dataset.layout,
                   content: document.querySelector('[data-testid="stMainBlockContainer"]')
                     .getBoundingClientRect().width,
                   languageSwitch: !!document.querySelector('.st-key-language_switch_box button'),
                   title: document.querySelector('h1').innerText})"""
    )
    context.close()
    return facts


def test_a_deep_link_on_a_fresh_server_runs_through_the_app(first_visit):
    assert first_visit["title"] == "データ表"
    assert first_visit["lang"] == "ja"
    assert first_visit["languageSwitch"], "the language switch (drawn by app.py) is missing"
    assert first_visit["layout"] == "wide" and first_visit["content"] > 1100, first_visit


def _tables_on_each_tab(page) -> list[dict]:
    facts = []
    for index, tab in enumerate(page.get_by_role("tab").all()):
        tab.click()
        table = page.locator(TABLE).nth(index)
        table.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
        facts.append(table.evaluate(TABLE_FACTS_JS))
    return facts


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_row_and_every_source_title_is_on_the_page(data_server, browser, first_visit, lang, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    page.goto(f"{data_server.url}/data?as_of={AS_OF}&lang={lang}", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector(TABLE, timeout=LOAD_TIMEOUT_MS)
    standing, ledger, packages = _tables_on_each_tab(page)
    context.close()
    # Recipients on 2025-06-30 and what was known by then (the shipped data: test_shipped_data.py).
    assert standing["rows"] == 13
    assert ledger["rows"] > 13 and packages["rows"] >= 8
    for name, facts in (("recipients", standing), ("ledger", ledger), ("packages", packages)):
        assert facts["scrollers"] == [], f"{name} at {width}x{height}: something scrolls inside it"
        assert facts["clipped"] == [], f"{name} at {width}x{height}: cut-off cells {facts['clipped']}"
        assert facts["links"] == [], f"{name} at {width}x{height}: links outside the table {facts['links']}"
        assert facts["left"] >= 0 and facts["right"] <= facts["viewport"], facts
        assert not facts["pageScrollsSideways"]


def test_a_countrys_name_opens_the_map_on_it(data_server, browser, first_visit):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, service_workers="block")
    page = context.new_page()
    page.goto(f"{data_server.url}/data?as_of={AS_OF}&lang=ja", timeout=LOAD_TIMEOUT_MS)
    link = page.locator(TABLE).first.get_by_role("link", name="フィジー")
    link.wait_for(timeout=LOAD_TIMEOUT_MS)
    link.focus()  # by keyboard: a real link, in the tab order
    with context.expect_page(timeout=LOAD_TIMEOUT_MS) as opened_page:
        page.keyboard.press("Enter")
    opened = opened_page.value if opened_page.is_done() else page
    opened.wait_for_load_state()
    assert re.search(r"[?&]country=FJI(&|$)", opened.url) and f"as_of={AS_OF}" in opened.url and "lang=ja" in opened.url
    panel = opened.locator('[data-testid="stMainBlockContainer"]')
    panel.get_by_role("heading", name=re.compile("フィジー")).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    context.close()
