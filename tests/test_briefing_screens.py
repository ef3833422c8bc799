"""Issue 12 without a browser: search by alias and typo, recipients first, what changed, the
page title per view, and the new catalogue keys in both languages."""

from __future__ import annotations

import tomllib
from datetime import date

import pycountry
import pytest

from osa_map.paths import REPO_ROOT


@pytest.fixture(scope="module")
def index():
    from osa_map.model.search import search_index

    return search_index({country.alpha_3: country.name for country in pycountry.countries})


@pytest.mark.parametrize(
    ("typed", "iso3"),
    [
        ("Viet Nam", "VNM"),
        ("vietnam", "VNM"),
        ("Burma", "MMR"),
        ("Phillipines", "PHL"),
        ("Indonisia", "IDN"),
        ("ベトナム", "VNM"),
        ("フィジー", "FJI"),
        ("ＦＩＪＩ", "FJI"),  # full-width, as a Japanese keyboard may type it
        ("East Timor", "TLS"),
        ("PHL", "PHL"),
    ],
)
def test_search_finds_aliases_typos_and_both_languages(index, typed, iso3):
    assert index.find(typed)[0] == iso3


def test_search_lists_recipients_first_and_finds_nothing_for_nonsense(index):
    from osa_map.model.search import recipients_first

    assert index.find("xyzzy") == []
    found = index.find("guinea", first={"PNG"})
    assert found[0] == "GIN"  # the exact name leads
    assert found.index("PNG") < found.index("GNQ")  # among names containing it, recipients first
    names = {"AFG": "Afghanistan", "PHL": "Philippines", "FJI": "Fiji", "ZWE": "Zimbabwe"}
    assert recipients_first(names, {"PHL", "FJI"}, names) == ["FJI", "PHL", "AFG", "ZWE"]


def test_what_changed_lists_the_ledger_newest_first():
    from osa_map.data.dataset import load_dataset
    from osa_map.model.changes import ledger_changes

    dataset = load_dataset()
    events = ledger_changes(dataset, {}, "en", date.today())
    assert len(events) == len(dataset.ledger[dataset.ledger["as_of"] <= date.today()])
    assert [event.day for event in events] == sorted((event.day for event in events), reverse=True)
    assert all(event.iso3 and event.name and event.day for event in events)
    early = ledger_changes(dataset, {}, "en", date(2024, 3, 31))
    assert early and max(event.day for event in early) <= date(2024, 3, 31)


def test_new_catalogue_keys_exist_in_both_languages():
    marker = "# --- issue 12"
    keys = {}
    for lang in ("en", "ja"):
        text = (REPO_ROOT / "osa_map" / "i18n" / f"{lang}.toml").read_text(encoding="utf-8")
        assert marker in text
        keys[lang] = set(tomllib.loads(text[text.index(marker) :]))
    assert keys["en"] == keys["ja"] and keys["en"]


def test_the_map_page_titles_the_view_and_offers_what_changed():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    app.query_params["country"] = "PHL"
    app.query_params["as_of"] = "2025-03-31"
    app.run()
    assert not app.exception
    events = [button.label for button in app.button if button.key and button.key.startswith("change_")]
    assert events and all(" · " in label for label in events)  # "11 Feb 2026 · Philippines (Delivered)"
    from osa_map.data.dataset import load_dataset
    from osa_map.model.changes import ledger_changes

    latest = ledger_changes(load_dataset(), {}, "en", date.today(), 1)[0]
    assert f"{latest.name} ({latest.status_label})" in app.button(key="change_0").label  # newest first


def test_the_xlsx_export_has_a_bold_header_widths_links_and_an_about_sheet():
    import io

    import openpyxl

    from osa_map.data.boundaries import load_boundaries
    from osa_map.data.dataset import load_dataset
    from osa_map.model.snapshot import build_snapshot
    from osa_map.model.view import View
    from osa_map.render.export import export_bytes

    names = dict(zip(load_boundaries()["iso3"], load_boundaries()["name"], strict=True))
    view = View(as_of=date(2025, 3, 31), cohort=("inaugural",))
    snapshot = build_snapshot(load_dataset(), view, date.today(), names, {})
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(snapshot, "xlsx")))
    sheet = book.active
    assert sheet.title == "recipients"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len("Philippines")
    header = [cell.value for cell in sheet[1]]
    links = [row[header.index("Latest source link")] for row in sheet.iter_rows(min_row=2)]
    assert links and all(cell.hyperlink and cell.hyperlink.target == cell.value for cell in links if cell.value)
    about = {row[0].value: row[1].value for row in book["about"].iter_rows() if row[0].value}
    assert about["As known on"] == "2025-03-31"
    assert "Cohort: inaugural" in about["Filters"]  # filter_label defaults to the key here
    assert about["Data version"] == snapshot.data_version and about["Data release"] == snapshot.release
    assert about["Exported on"] == date.today().isoformat()
    assert str(about["Source"]).startswith("http")


def test_a_japanese_svg_embeds_a_font_with_every_character_it_shows():
    import base64
    import html
    import io
    import re

    from fontTools.ttLib import TTFont

    from osa_map.data.boundaries import load_boundaries
    from osa_map.data.dataset import load_dataset
    from osa_map.model.snapshot import build_snapshot
    from osa_map.model.view import View
    from osa_map.render.export import export_bytes

    boundaries = load_boundaries()
    names = dict(zip(boundaries["iso3"], boundaries["name"], strict=True))
    snapshot = build_snapshot(load_dataset(), View(lang="ja"), date.today(), names, {})
    svg = export_bytes(snapshot, "svg").decode("utf-8")
    assert "対象国以外" in svg  # still text, not outlines
    font = TTFont(io.BytesIO(base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", svg).group(1))))
    covered = set(font.getBestCmap())
    shown = {ord(char) for char in html.unescape("".join(re.findall(r">([^<>]+)</text>", svg))) if ord(char) > 0x2FFF}
    assert shown and shown <= covered


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_programme_charts_keep_every_label_and_rows_tall_enough(lang):
    import pandas as pd

    from osa_map.render.charts import TOTALS_ROW_PX, notes_timeline_chart, totals_chart

    groups = ["Surveillance", "Patrol boats", "Communications", "Infrastructure"]
    totals = pd.DataFrame({"group": groups, "amount_jpy": [6e8, 2e9, 3e8, 1e8], "packages": [1, 2, 1, 1]})
    spec = totals_chart(totals, "Category", lang).to_dict()
    assert spec["height"] >= TOTALS_ROW_PX * len(groups)  # bars ~40 px thick, not a few pixels
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and axis["labelOverlap"] is False  # all four labelled, none cut

    timeline = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-11-03", "2024-03-01", "2025-06-01", "2026-01-27"]),
            "date_label": ["a", "b", "c", "d"],
            "country": ["Fiji", "Philippines", "Malaysia", "Indonesia"],
            "category": ["x"] * 4,
            "amount": [1.0, 2.0, 3.0, 4.0],
            "label": ["1", "2", "3", "4"],
            "equipment": ["e"] * 4,
        }
    )
    spec = notes_timeline_chart(timeline, lang).to_dict()
    assert spec["encoding"]["y"]["axis"]["labelOverlap"] is False
    assert spec["height"] >= 4 * 40
