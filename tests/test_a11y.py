"""Accessibility without a browser (issue 13): the map in words, the panel's announcement, the
keyboard layer's texts and looks, and the pages' landmarks, language and skip-link script.

What only a browser can show (focus, keys, axe-core) is tests/test_browser_a11y.py.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osa_map.data.dataset import load_dataset
from osa_map.i18n import CATALOGUE, LANGUAGES
from osa_map.model.snapshot import build_snapshot
from osa_map.model.view import View
from osa_map.render import leaflet_layer, map_keyboard
from osa_map.render.assets import LeafletUrls
from osa_map.render.webmap import build_map, view_layer
from osa_map.ui import a11y

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TODAY = date(2026, 12, 1)
SEED_VIEW = date(2024, 3, 31)


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def snapshot(dataset, lang="en", country=None, **filters):
    view = View(as_of=TODAY, lang=lang, country=country, **filters)
    return build_snapshot(dataset, view, TODAY, {"FRA": "France"}, {})


def test_the_summary_names_the_date_the_count_and_every_cohort_with_its_members(shipped):
    shot = snapshot(shipped)
    text = a11y.summary_text(shot)
    shown = sum(cohort.shown for cohort in shot.cohorts)
    assert text.startswith(f"As known on 1 Dec 2026: {shown} recipients; ")
    for cohort in shot.cohorts:
        assert f"{cohort.label} {cohort.shown}: " in text
        assert all(name in text for name in cohort.members)
    assert "Fiji" in text and "Tonga" in text


def test_the_summary_says_what_the_filters_hide_and_reads_in_japanese(shipped):
    filtered = a11y.summary_text(snapshot(shipped, cohort=("inaugural",)))
    assert "hidden by the filters" in filtered
    japanese = a11y.summary_text(snapshot(shipped, lang="ja"))
    assert japanese.startswith("2026年12月1日時点：対象国")
    assert "フィジー" in japanese


def test_the_panel_announces_the_country_its_cohort_and_status(shipped):
    fiji = snapshot(shipped, country="FJI")
    assert a11y.announcement(fiji) == f"Details of Fiji: {fiji.details.cohort_label} · {fiji.details.status_label}"
    assert a11y.announcement(snapshot(shipped, country="FRA")) == "Details of France"
    assert a11y.announcement(snapshot(shipped)) == "No country chosen"


def test_every_text_of_the_keyboard_layer_is_in_both_languages_with_its_fields():
    texts = map_keyboard.map_texts()
    assert set(texts) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert set(texts[lang]) == set(map_keyboard.MAP_TEXT_KEYS)
        assert all(texts[lang].values())
        assert all(field in texts[lang]["position"] for field in ("{name}", "{detail}", "{index}", "{count}"))
    for key in ("skip_map", "skip_list", "skip_label", "panel_label", "summary_heading", "showing", "showing_none"):
        assert f"a11y.{key}" in CATALOGUE


@pytest.fixture(scope="module")
def map_script(shipped, countries):
    urls = LeafletUrls(js="/leaflet.js", css="/leaflet.css")
    base = build_map(countries, urls, lang="en").get_root().render()
    layer = view_layer(snapshot(shipped, country="FJI"), countries)
    return base, layer


def test_the_map_has_one_tab_stop_a_name_and_a_live_region(map_script):
    base, _ = map_script
    assert 'setAttribute("tabindex", "-1")' in base  # the shapes leave the tab order
    assert "container.tabIndex = 0" in base
    assert 'setAttribute("role", "application")' in base
    assert 'setAttribute("aria-live", "polite")' in base
    assert '"map_label"' in base and "Map of Japan" in base
    assert "Streamlit.setComponentValue({country: iso3, click: clicks})" in base  # Enter takes a click's path


def test_small_states_circles_are_at_least_24_px_and_selection_keeps_the_fill(map_script):
    base, _ = map_script
    assert 2 * leaflet_layer.CIRCLE_RADIUS_PX >= 24
    assert "radius: 12," in base
    # The selection is an outline on a white halo; no style sets a fill other than the cohort's.
    assert re.findall(r"fillColor: ([^,}]+)", base) == ["look(iso3).fill", "look(iso3).fill"]
    assert '"#ffffff", weight: 9' in base


def _contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_focus_and_selection_outlines_meet_3_to_1_against_sea_grey_and_white():
    from osa_map.render.webmap import SEA_COLOUR

    for outline in (map_keyboard.FOCUS_OUTLINE, leaflet_layer.SELECTED_OUTLINE, a11y.FOCUS_COLOUR):
        for background in (SEA_COLOUR, leaflet_layer.NON_RECIPIENT_FILL, leaflet_layer.HALO_COLOUR):
            assert _contrast(outline, background) >= 3, (outline, background)
    assert _contrast(a11y.CAPTION_COLOUR, "#ffffff") >= 4.5  # the captions' grey


def run_app(query: dict[str, str]) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    return app


def _html(app: AppTest) -> str:
    return "\n".join(element.proto.body for element in app.get("html"))


@pytest.mark.parametrize(("lang", "label"), [("en", "Country details"), ("ja", "国の詳細")])
def test_the_map_page_marks_the_panel_sets_the_language_and_describes_the_map(lang, label):
    app = run_app({"lang": lang, "country": "TON"})
    page = _html(app)
    assert f'data-label="{label}"' in page
    assert 'id="osa-map-summary"' in page
    assert f'"lang": "{lang}"' in page  # the page script sets <html lang>
    announce = re.search(r'data-announce="([^"]*)"', page).group(1)
    assert ("Tonga" if lang == "en" else "トンガ") in announce
