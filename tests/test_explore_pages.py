"""AppTest: the map's timeline and filters, and the Data and Programme pages in both languages."""

import re

import pytest

from tests.test_pages import run_app


def test_map_as_of_the_seed_article_with_filters():
    app = run_app({"as_of": "2024-03-31", "cohort": "prospective", "region": "melanesia"})
    assert not app.exception
    assert app.date_input(key="as_of_picker").value.isoformat() == "2024-03-31"
    assert app.multiselect(key="filter_cohort_picker").value == ["prospective"]
    assert app.multiselect(key="filter_region_picker").value == ["melanesia"]
    assert any("Showing 1 of 9 recipients" in caption.value for caption in app.caption)  # Papua New Guinea
    assert app.query_params["as_of"] == "2024-03-31"


def test_fiscal_year_button_and_filter_change_the_link():
    app = run_app()
    assert "as_of" not in app.query_params  # today: the link stays short
    app.button(key="explore_fy_2023").click().run()
    assert not app.exception
    assert app.date_input(key="as_of_picker").value.isoformat() == "2024-03-31"
    app.multiselect(key="filter_status_picker").set_value(["candidate"]).run()
    assert app.query_params["as_of"] == "2024-03-31"
    assert app.query_params["status"] == "candidate"
    app.button(key="explore_clear").click().run()
    assert "status" not in app.query_params


def test_play_steps_through_the_ledger_and_stops():
    app = run_app({"as_of": "2024-03-31"})
    app.button(key="explore_play").click().run()
    assert not app.exception
    # Play's frames are not places: the link keeps the date Play started from until Stop.
    assert app.session_state["play_date"].isoformat() > "2024-03-31"
    assert app.query_params["as_of"] == "2024-03-31"
    app.button(key="explore_stop").click().run()
    assert "play_date" not in app.session_state
    assert app.query_params["as_of"] > "2024-03-31"  # Stop lands the view on the frame it showed


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("page", ["pages/map.py", "pages/data.py", "pages/programme.py"])
def test_pages_run_in_both_languages(page, lang):
    query = {"as_of": "2024-03-31"}
    if lang == "ja":
        query["lang"] = "ja"
    app = run_app(query, page=None if page == "pages/map.py" else page)
    assert not app.exception
    title = app.title[0].value
    assert (
        title
        in {
            ("pages/map.py", "en"): {"Japan's Official Security Assistance"},
            ("pages/map.py", "ja"): {"日本の政府安全保障能力強化支援（OSA）"},
            ("pages/data.py", "en"): {"Data tables"},
            ("pages/data.py", "ja"): {"データ表"},
            ("pages/programme.py", "en"): {"Programme"},
            ("pages/programme.py", "ja"): {"事業の概要"},
        }[(page, lang)]
    )


def linked_countries(table) -> set[str]:
    """The countries a Data page table links to the map, by their links' ?country= codes."""
    return {code for cell in table.value["Country"] for code in re.findall(r"[?&]country=([A-Z]{3})", cell)}


def test_data_page_tables_follow_the_date():
    app = run_app({"as_of": "2024-03-31"}, page="pages/data.py")
    assert not app.exception
    assert linked_countries(app.table[0]) == {"BGD", "DJI", "FJI", "IDN", "MNG", "MYS", "PHL", "PNG", "VNM"}
    assert linked_countries(app.table[2]) == {"PHL", "BGD", "MYS", "FJI"}
    assert [button.label for button in app.get("download_button")][:2] == ["Download CSV", "Download Excel"]


def test_programme_page_draws_its_charts():
    app = run_app(page="pages/programme.py")
    assert not app.exception
    assert len(app.get("arrow_vega_lite_chart")) + len(app.get("vega_lite_chart")) == 4
    assert not app.warning  # budget.csv is valid


def test_programme_page_without_a_budget_file_says_so(tmp_path, monkeypatch):
    from tests.helpers import write_dataset

    monkeypatch.setenv("OSA_DATA_DIR", str(write_dataset(tmp_path / "data")))
    app = run_app(page="pages/programme.py")
    assert not app.exception
    assert "budget.csv" in app.warning[0].value


def test_programme_page_before_any_exchange_of_notes():
    # A date its own picker offers; no package was known yet (it raised KeyError: 'notes_date').
    app = run_app({"as_of": "2023-06-01"}, page="pages/programme.py")
    assert not app.exception


def test_programme_page_problems_are_headed_in_japanese(tmp_path, monkeypatch):
    from tests.helpers import write_dataset

    directory = write_dataset(tmp_path / "data")
    (directory / "budget.csv").write_text("fiscal_year,amount_jpy\nnot a year,1\n", encoding="utf-8")
    monkeypatch.setenv("OSA_DATA_DIR", str(directory))
    app = run_app({"lang": "ja"}, page="pages/programme.py")
    assert not app.exception
    assert "ファイル" in list(app.dataframe[0].value.columns)


def test_data_page_follows_the_maps_filters():
    app = run_app({"as_of": "2024-03-31", "cohort": "prospective"}, page="pages/data.py")
    assert not app.exception
    assert linked_countries(app.table[0]) == {"IDN", "PNG"}
    assert linked_countries(app.table[1]) == {"IDN", "PNG"}
    assert any("hidden by filter" in caption.value for caption in app.caption)


def test_about_page_lists_every_rows_second_source_too(tmp_path, monkeypatch):
    from tests.helpers import LEDGER, write_dataset

    second = dict(LEDGER[0], source2_title="The second source", source2_url="https://example.org/second")
    monkeypatch.setenv("OSA_DATA_DIR", str(write_dataset(tmp_path / "data", ledger=[second, *LEDGER[1:]])))
    app = run_app(page="pages/about.py")
    assert not app.exception
    assert any("The second source" in block.value for block in app.markdown)


def test_data_page_sorts_by_a_chosen_column_and_links_each_row_to_the_map():
    app = run_app({"as_of": "2025-06-30", "lang": "ja"}, page="pages/data.py")
    assert not app.exception
    stem = "osa-recipients-2025-06-30"
    app.selectbox(key=f"sort_{stem}").set_value("as_of").run()
    dates = list(app.table[0].value["日付"])
    assert dates == sorted(dates)
    app.toggle(key=f"descending_{stem}").set_value(True).run()
    assert list(app.table[0].value["日付"]) == sorted(dates, reverse=True)
    # Each name opens the map on its country, on the table's date and in the table's language.
    first = app.table[0].value["国名"].iloc[0]
    assert re.fullmatch(r"\[[^\]]+\]\(\./\?(?=.*as_of=2025-06-30)(?=.*lang=ja)(?=.*country=[A-Z]{3}).*\)", first), first
