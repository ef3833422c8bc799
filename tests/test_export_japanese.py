"""Japanese images: title, legend, names and dates in Japanese, drawn with a bundled font (no network).

On the small dataset of tests/helpers.py, with the session's map geometry (`countries`, conftest.py).
"""

import json
from datetime import date

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.render.export import export_bytes
from tests.helpers import snapshot_for, write_dataset


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("japanese") / "data"))


def test_japanese_svg_has_japanese_title_legend_and_names(dataset, countries):
    svg = export_bytes(snapshot_for(dataset, date(2026, 11, 24), "ja"), "svg", countries=countries).decode("utf-8")
    assert "日本の政府安全保障能力強化支援（OSA）対象国" in svg
    assert "2026年11月24日時点" in svg
    assert "対象国以外" in svg  # the legend's non-recipient entry
    assert "IPAexGothic" in svg  # the font that has Japanese glyphs, from matplotlib-fontja


def test_english_svg_is_unchanged_by_the_japanese_font(dataset, countries):
    svg = export_bytes(snapshot_for(dataset, date(2026, 11, 24)), "svg", countries=countries).decode("utf-8")
    assert "Japan's Official Security Assistance recipients" in svg.replace("&#x27;", "'")
    assert "IPAexGothic" not in svg


def test_japanese_country_names_follow_japanese_official_usage():
    from osa_map.i18n import country_name

    assert country_name("TWN", "ja", "Taiwan") == "台湾"  # not pycountry's 中国領・台湾
    assert country_name("XKX", "ja", "Kosovo") == "コソボ"
    assert country_name("PHL", "ja", "Philippines") == "フィリピン"


def test_japanese_html_map_has_japanese_title_legend_and_tooltips(dataset, countries):
    page = export_bytes(snapshot_for(dataset, date(2026, 1, 1), "ja"), "html", countries=countries).decode("utf-8")
    assert '<html lang="ja">' in page
    assert "<title>日本の政府安全保障能力強化支援（OSA）対象国（2026年1月1日時点）</title>" in page
    assert "OSA 対象国の区分（2026年1月1日時点）" in page  # the legend
    # Tooltips travel in the map's script as JSON, where non-ASCII text is written as \u escapes.
    assert json.dumps("フィリピン")[1:-1] in page
