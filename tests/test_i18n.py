"""Both languages everywhere: a complete catalogue, Japanese formats and names, every page in each language."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osa_map import i18n
from osa_map.data.dataset import load_dataset
from osa_map.data.schema import CONFIDENCE_LEVELS, STATUS_LABELS, STATUSES
from osa_map.i18n import (
    CATALOGUE,
    cohort_label,
    country_name,
    fiscal_years,
    format_date,
    format_yen,
    status_label,
    t,
    tn,
)
from osa_map.model.details import country_details
from osa_map.model.tour import tour_steps
from tests.helpers import write_dataset

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SOURCES = [ROOT / "app.py", *sorted((ROOT / "osa_map").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
PAGES = ["pages/map.py", "pages/data.py", "pages/programme.py", "pages/about.py", "pages/editor.py"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana and kanji


# --- the catalogue --------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages(key):
    assert set(CATALOGUE[key]) == set(i18n.LANGUAGES), f"{key} must have exactly en and ja"
    for lang in i18n.LANGUAGES:
        assert CATALOGUE[key][lang].strip(), f"{key} has no {lang} text"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_take_the_same_fields(key):
    # A {field} only one language names would raise (or vanish) in the other.
    fields = {lang: set(re.findall(r"\{(\w+)\}", CATALOGUE[key][lang])) for lang in i18n.LANGUAGES}
    assert fields["en"] == fields["ja"], f"{key}: en has {fields['en']}, ja has {fields['ja']}"


def test_no_key_is_written_twice_and_both_files_hold_the_same_keys():
    # TOML refuses a key written twice (a dict literal would silently keep the last), and a key
    # only one file holds would fail in the other language.
    keys = {}
    for lang in i18n.LANGUAGES:
        with (i18n.CATALOGUE_DIR / f"{lang}.toml").open("rb") as handle:
            keys[lang] = set(tomllib.load(handle))
    assert keys["en"] == keys["ja"]


@pytest.mark.parametrize("key", sorted(key for key in CATALOGUE if key.endswith((".one", ".other"))))
def test_counted_text_has_both_forms(key):
    stem = key.rsplit(".", 1)[0]
    assert {f"{stem}.one", f"{stem}.other"} <= set(CATALOGUE)
    assert "{count}" in CATALOGUE[key]["en"] or stem == "tour.overview"


def test_counted_text_follows_one_convention():
    assert tn("panel.history", "en", 1) == "History (1 change)"
    assert tn("panel.history", "en", 2) == "History (2 changes)"
    assert tn("panel.history", "en", 0) == "History (0 changes)"
    assert tn("panel.history", "ja", 1) == CATALOGUE["panel.history.other"]["ja"].format(count=1)


def _keys_used_in_code() -> set[tuple[str, str]]:
    used = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for key in re.findall(r"""\bt\(\s*["']([\w.]+)["']""", text):
            used.add((path.relative_to(ROOT).as_posix(), key))
        for stem in re.findall(r"""\btn\(\s*["']([\w.]+)["']""", text):
            used |= {(path.relative_to(ROOT).as_posix(), f"{stem}.{form}") for form in ("one", "other")}
        # Keys chosen by a condition, e.g. t("a.one" if n == 1 else "a.other", ...)
        for key in re.findall(r"""["']([\w.]+)["']\s+if\s""", text) + re.findall(
            r"""\selse\s+["']([\w.]+)["']""", text
        ):
            if key.split(".")[0] in {k.split(".")[0] for k in CATALOGUE} and "." in key:
                used.add((path.relative_to(ROOT).as_posix(), key))
    return used


def test_code_asks_only_for_keys_in_the_catalogue():
    used = _keys_used_in_code()
    assert len(used) > 100, "the scan found too few t(...) calls; has the call style changed?"
    missing = sorted(f"{path}: {key}" for path, key in used if key not in CATALOGUE)
    assert missing == [], "keys used in code but not in osa_map/i18n/*.toml:\n" + "\n".join(missing)


def test_vocabularies_have_both_languages():
    for status, label in STATUS_LABELS.items():
        assert t(f"status.{status}", "en") == label
        assert t(f"status_help.{status}", "en") == STATUSES[status]
        assert status_label(status, "ja") != label
    for level in CONFIDENCE_LEVELS:
        assert t(f"confidence.{level}", "en") == level
        assert JAPANESE.search(t(f"confidence.{level}", "ja"))


def test_no_streamlit_in_the_catalogue():
    source = (ROOT / "osa_map" / "i18n" / "__init__.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.MULTILINE)


# --- formats and names ------------------------------------------------------------------------


def test_japanese_formats():
    assert format_yen(575_000_000, "ja") == "5億7,500万円"
    assert format_yen(600_000_000, "ja") == "6億円"
    assert format_yen(1_000_000_000, "ja", approximate=True) == "約10億円"
    assert format_yen(None, "ja") == "金額未公表"
    assert format_date(date(2023, 11, 3), "ja") == "2023年11月3日"
    assert fiscal_years([2023, 2024], "ja") == "2023年度、2024年度"
    assert fiscal_years([], "ja") == "なし"


def test_english_formats_are_unchanged():
    assert format_yen(575_000_000, "en") == "¥575 million"
    assert format_date(date(2023, 11, 3), "en") == "3 Nov 2023"
    assert fiscal_years([2023, 2024], "en") == "FY2023, FY2024"
    assert fiscal_years([], "en") == "none yet"


def test_country_names_in_japanese():
    assert country_name("VNM", "ja", "Vietnam") == "ベトナム"
    assert country_name("PHL", "ja", "Philippines") == "フィリピン"
    assert country_name("VNM", "en", "Vietnam") == "Vietnam"


def test_cohort_labels_fall_back_to_english():
    assert cohort_label({"label": "FY2026", "label_ja": "2026年度"}, "ja") == "2026年度"
    assert cohort_label({"label": "FY2026", "label_ja": ""}, "ja") == "FY2026"
    assert cohort_label({"label": "FY2026"}, "ja") == "FY2026"
    assert cohort_label({"label": "FY2026", "label_ja": "2026年度"}, "en") == "FY2026"


def test_every_shipped_cohort_has_a_japanese_label():
    for _, cohort in load_dataset().cohorts.iterrows():
        assert JAPANESE.search(cohort["label_ja"]), f"cohort {cohort['key']} has no label_ja"


def test_panel_details_in_japanese(tmp_path):
    dataset = load_dataset(write_dataset(tmp_path / "data"))
    details = country_details(dataset, "PHL", "Philippines", date(2026, 11, 24), lang="ja")
    assert details.status_label == "供与済み"
    assert details.cohort_label == "Inaugural (FY2023)"  # the test cohorts have no label_ja
    assert [p.amount for p in details.packages] == ["6億円", "約16億円"]


def test_tour_in_japanese(tmp_path):
    dataset = load_dataset(write_dataset(tmp_path / "data"))
    steps = tour_steps(dataset, date(2026, 1, 1), lang="ja")
    assert steps[0].title == t("app.title", "ja")
    assert "2026年1月1日" in steps[0].text
    assert [s.title for s in steps if s.kind == "country"][0] == "フィリピン"
    assert "年度：2023年度" in [s.text for s in steps if s.kind == "country"][0]


# --- every page in both languages -------------------------------------------------------------


def run_page(page: str, lang: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if lang == "ja":
        app.query_params["lang"] = "ja"
    app.run()
    # The router draws the switch, labelled in the other language. (AppTest keeps only the
    # page's own elements after switch_page, so this is checked on the first page drawn.)
    assert app.button(key="language_switch").proto.label == ("English" if lang == "ja" else "日本語")
    if page != "pages/map.py":
        app.switch_page(page).run()
    return app


def page_text(app: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error")
        for e in app.get(kind)
    ]
    parts += [e.proto.label for kind in ("button", "toggle", "selectbox", "text_input") for e in app.get(kind)]
    parts += [e.proto.body for e in app.get("html")]  # the cohort chips
    return "\n".join(str(part) for part in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_in_japanese(page):
    app = run_page(page, "ja")
    assert not app.exception, app.exception
    assert app.title, f"{page} draws no title"
    assert JAPANESE.search(app.title[0].value), f"{page} title is not Japanese: {app.title[0].value}"
    assert app.query_params.get("lang") == "ja"


@pytest.mark.parametrize("page", PAGES)
def test_page_in_english(page):
    app = run_page(page, "en")
    assert not app.exception, app.exception
    assert "lang" not in app.query_params
    assert not JAPANESE.search(page_text(app).replace("日本語", "")), f"{page} shows Japanese in English mode"


def test_map_page_in_japanese_says_japan():
    app = run_page("pages/map.py", "ja")
    assert "日本" in app.title[0].value
    assert app.subheader[0].value == t("panel.pick", "ja")


def test_about_page_in_japanese():
    app = run_page("pages/about.py", "ja")
    assert app.title[0].value == "データについて"
    text = page_text(app)
    assert "政府安全保障能力強化支援" in text and "交換公文" in text
    assert "初年度（2023年度）" in text  # label_ja from cohorts.csv


def test_a_japanese_link_opens_a_country_in_japanese():
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = "ja"
    app.query_params["country"] = "PHL"
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "フィリピン"
    assert "交換公文署名" in page_text(app)


def test_the_toggle_switches_to_japanese_and_puts_it_in_the_link():
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.button(key="language_switch").click().run()
    assert not app.exception
    assert app.query_params.get("lang") == "ja"
    assert "日本" in app.title[0].value
    # (Switching back is checked in a browser: AppTest drops the router's elements on that rerun.)
