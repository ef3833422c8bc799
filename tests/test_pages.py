"""AppTest: every page runs without an exception, on good data and on bad."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import LEDGER, write_dataset

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT_S = 60  # the first run reads and reprojects the boundaries


def run_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page).run()
    return app


def test_map_page_runs_and_invites_a_choice():
    app = run_app()
    assert not app.exception
    assert app.title[0].value == "Japan's Official Security Assistance"
    assert app.subheader[0].value == "Pick a country"
    assert "country" not in app.query_params


def test_link_opens_on_a_country():
    app = run_app({"country": "MNG"})
    assert not app.exception
    assert app.subheader[0].value == "Mongolia"
    assert app.query_params["country"] == "MNG"


def test_search_selects_a_country_and_updates_the_link():
    app = run_app()
    app.selectbox(key="country_search").set_value("FJI").run()
    assert app.subheader[0].value == "Fiji"
    assert app.query_params["country"] == "FJI"
    # The box is for going somewhere: it empties, and the panel shows where the reader is.
    assert app.selectbox(key="country_search").value is None


def test_non_recipient_says_so():
    app = run_app({"country": "FRA"})
    assert app.subheader[0].value == "France"
    assert "not an OSA recipient" in app.info[0].value


def test_unknown_code_in_link_falls_back_to_the_whole_map():
    app = run_app({"country": "QQQ"})
    assert not app.exception
    assert app.subheader[0].value == "Pick a country"


def test_about_page_runs():
    app = run_app(page="pages/about.py")
    assert not app.exception
    assert app.title[0].value == "About the data"


@pytest.mark.parametrize("page", [None, "pages/about.py"])
def test_invalid_data_shows_problems_not_a_traceback(tmp_path, monkeypatch, page):
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    monkeypatch.setenv("OSA_DATA_DIR", str(write_dataset(tmp_path / "data", ledger=ledger)))
    app = run_app(page=page)
    assert not app.exception
    assert "1 problem(s)" in app.error[0].value
