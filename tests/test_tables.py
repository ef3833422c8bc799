"""The Data page's tables as text (osa_map.render.tables): escaped, linked and sorted."""

from datetime import date

import pandas as pd

from osa_map.i18n import t
from osa_map.render.tables import readable, sorted_rows


def _table(**columns) -> pd.DataFrame:
    base = {"iso3": ["PHL", "FJI", "TON"], "country": ["Philippines", "Fiji", "Tonga"]}
    return pd.DataFrame(base | columns)


def test_a_countrys_name_links_to_the_map_and_a_sources_title_to_the_source():
    table = _table(
        source_title=["MOFA (notes)", None, "[click](javascript:alert(1))"],
        source_url=["https://www.mofa.go.jp/a (b).html", None, None],
    )
    shown = readable(table, ("country", "source"), {"PHL": "./?country=PHL", "FJI": "./?country=FJI"}, "en")
    assert list(shown.columns) == ["Country", "Source"]
    assert shown["Country"][0] == "[Philippines](./?country=PHL)"
    assert shown["Country"][2] == "Tonga"  # no link for a country the map cannot open
    # The title is escaped and the address cannot end the link early.
    assert shown["Source"][0] == r"[MOFA \(notes\)](https://www.mofa.go.jp/a%20%28b%29.html)"
    assert shown["Source"][1] == ""
    # Markdown in a CSV cell stays text: no link, no script.
    assert shown["Source"][2] == r"\[click\]\(javascript\:alert\(1\)\)"


def test_headings_amounts_and_dates_follow_the_language():
    table = _table(amount_jpy=pd.array([600_000_000, None, 1_600_000_000], dtype="Int64"),
                   amount_approx=[False, False, True], as_of=[date(2023, 12, 4), None, date(2024, 1, 1)])  # fmt: skip
    shown = readable(table, ("amount_jpy", "as_of"), {}, "ja")
    assert list(shown.columns) == [t("explore.col.amount_jpy", "ja"), "日付"]
    assert shown.iloc[0, 0] == "6億円"
    assert shown.iloc[1, 0] == ""  # not reported: empty, not "0"
    assert shown.iloc[2, 0].startswith("約")
    assert list(shown["日付"]) == ["2023-12-04", "", "2024-01-01"]  # a date is safe as it is


def test_sorting_puts_blanks_last_either_way_and_numbers_by_value():
    table = _table(fiscal_year=[2025, None, 2023], source_title=["b", "A", None])
    assert list(sorted_rows(table, "fiscal_year", descending=False)["iso3"]) == ["TON", "PHL", "FJI"]
    assert list(sorted_rows(table, "fiscal_year", descending=True)["iso3"]) == ["PHL", "TON", "FJI"]
    # A source sorts by its title, ignoring case; the row without one comes last.
    assert list(sorted_rows(table, "source", descending=False)["iso3"]) == ["FJI", "PHL", "TON"]
    assert list(sorted_rows(table, "source", descending=True)["iso3"]) == ["PHL", "FJI", "TON"]
