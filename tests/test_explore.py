"""Exploring over time and by filter: URL state, change dates, fiscal years, filters, and the two
views of the shipped ledger the issue names (early 2024 = the seed article; today = the latest)."""

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from osa_map.data.dataset import load_dataset
from osa_map.data.regions import REGION_KEYS, load_regions
from osa_map.data.schema import EQUIPMENT_CATEGORIES, STATUSES
from osa_map.i18n import CATALOGUE, LANGUAGES
from osa_map.model.filters import apply_filters, packages_known_on, recipients_shown
from osa_map.model.programme import drone_packages, yen_totals
from osa_map.model.standings import recipients_as_of
from osa_map.model.timeline import (
    change_dates,
    fiscal_year_end,
    fiscal_year_of,
    fiscal_year_shortcuts,
    fiscal_year_start,
    next_change_date,
)
from osa_map.model.view import FILTER_PARAMS, View, view_from_params, view_to_params
from osa_map.render.tables import LEDGER_COLUMNS, PACKAGE_TABLE_COLUMNS, STANDING_COLUMNS
from tests.helpers import snapshot_for, write_dataset

ROOT = Path(__file__).resolve().parent.parent
SEED_VIEW = date(2024, 3, 31)  # before April 2024: what the undated seed article knew
TODAY = date(2026, 11, 24)  # the shipped data's review date; a fixed "today" keeps the test stable
ALLOWED = {
    "cohort": ["inaugural", "fy2024_25", "prospective"],
    "status": list(STATUSES),
    "category": list(EQUIPMENT_CATEGORIES),
    "region": list(REGION_KEYS),
}


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def cohorts_on(dataset, day: date) -> dict[str, str]:
    standing = recipients_as_of(dataset.ledger, day)
    return dict(zip(standing.index, standing["cohort"], strict=True))


def test_early_2024_reproduces_the_seed_article(shipped):
    cohorts = cohorts_on(shipped, SEED_VIEW)
    assert cohorts["VNM"] == "fy2024_25"
    assert cohorts["IDN"] == "prospective"
    assert cohorts["PNG"] == "prospective"
    assert {code for code, key in cohorts.items() if key == "inaugural"} == {"PHL", "MYS", "BGD", "FJI"}
    assert {code for code, key in cohorts.items() if key == "fy2024_25"} == {"VNM", "DJI", "MNG"}


def test_today_shows_the_latest(shipped):
    cohorts = cohorts_on(shipped, max(date.today(), TODAY))
    assert cohorts["VNM"] == "prospective"
    assert cohorts["IDN"] == "fy2024_25"
    assert cohorts["PNG"] == "fy2024_25"


def test_fiscal_year_end_of_fy2023_is_the_seed_view(shipped):
    shortcuts = dict(fiscal_year_shortcuts(date(2023, 8, 30), TODAY))
    assert shortcuts[2023] == SEED_VIEW
    assert shortcuts[2026] == TODAY  # the year still running stops at today
    assert list(shortcuts) == [2023, 2024, 2025, 2026]


@pytest.mark.parametrize(
    ("day", "year"), [(date(2024, 3, 31), 2023), (date(2024, 4, 1), 2024), (date(2025, 1, 11), 2024)]
)
def test_fiscal_years_run_april_to_march(day, year):
    assert fiscal_year_of(day) == year
    assert fiscal_year_start(year) <= day <= fiscal_year_end(year)


def test_change_dates_are_the_play_buttons_steps(shipped):
    dates = change_dates(shipped.ledger, until=TODAY)
    assert dates == sorted(set(dates))
    assert dates[0] == date(2023, 4, 5)  # the OSA guidelines name the four inaugural recipients
    assert next_change_date(dates, date(2024, 3, 31)) == date(2024, 11, 30)
    assert next_change_date(dates, dates[-1]) is None


def test_url_state_round_trip():
    state = View(as_of=SEED_VIEW, cohort=("prospective", "fy2024_25"), status=("candidate",), region=("melanesia",))
    params = view_to_params(state, TODAY)
    assert params == {
        "as_of": "2024-03-31",
        "cohort": "prospective,fy2024_25",
        "status": "candidate",
        "region": "melanesia",
    }
    assert view_from_params(params, ALLOWED) == state


def test_today_and_empty_filters_keep_the_link_short():
    assert view_to_params(View(as_of=TODAY), TODAY) == {}
    assert view_from_params({}, ALLOWED) == View()


def test_a_bad_link_is_not_fatal():
    state = view_from_params({"as_of": "2024-02-30", "cohort": "prospective,fy2099, ", "status": ""}, ALLOWED)
    assert state.as_of is None
    assert state.cohort == ("prospective",)
    assert state.problems == ("as_of=2024-02-30", "cohort=fy2099")


def test_filters_keep_matching_recipients(shipped):
    standing = recipients_as_of(shipped.ledger, SEED_VIEW)
    packages = packages_known_on(shipped.packages, SEED_VIEW)
    regions = load_regions(shipped.directory)

    def shown(**filters) -> set[str]:
        return set(apply_filters(standing, View(**filters), packages, regions).index)

    assert shown() == set(standing.index)
    assert shown(cohort=("prospective",)) == {"IDN", "PNG"}
    assert shown(status=("agreed",)) == {"PHL", "BGD", "MYS", "FJI"}
    assert shown(region=("melanesia",)) == {"FJI", "PNG"}
    assert shown(category=("maritime",)) == {"BGD", "FJI"}  # packages signed by then
    assert shown(category=("maritime",), region=("southern_asia",)) == {"BGD"}
    assert shown(cohort=("inaugural",), status=("candidate",)) == set()


def test_recipients_shown_gives_everyone_on_the_date_and_those_the_filters_keep(shipped):
    regions = load_regions(shipped.directory)
    standing, shown = recipients_shown(shipped, SEED_VIEW, View(region=("melanesia",)), regions)
    assert set(standing.index) == set(recipients_as_of(shipped.ledger, SEED_VIEW).index)
    assert set(shown.index) == {"FJI", "PNG"}


def test_filtered_legend_counts_what_is_shown_and_says_what_is_hidden(shipped):
    from osa_map.model.snapshot import build_snapshot
    from osa_map.render.webmap import legend_html

    view = View(as_of=SEED_VIEW, region=("melanesia",))
    snapshot = build_snapshot(shipped, view, TODAY, {}, {"FJI": "melanesia"})
    legend = legend_html(snapshot)
    standing = recipients_as_of(shipped.ledger, SEED_VIEW)
    per_cohort = standing["cohort"].value_counts()
    assert re.findall(r'class="count">(\d+)<', legend) == ["1", "0", "0"]
    # The others are not "0": the legend says how many the filter hides.
    hidden = [f"({int(per_cohort[key]) - (key == 'inaugural')} hidden by filter)" for key in shipped.cohorts["key"]]
    assert all(text in legend for text in hidden)
    assert "Filtered: Region: melanesia" in legend


def test_packages_known_on_a_date_follow_the_panels_rule(shipped):
    known = packages_known_on(shipped.packages, SEED_VIEW)
    assert set(known["iso3"]) == {"PHL", "BGD", "MYS", "FJI"}
    assert "DJI" not in set(packages_known_on(shipped.packages, date(2024, 12, 24))["iso3"])
    assert "DJI" in set(packages_known_on(shipped.packages, date(2024, 12, 25))["iso3"])  # notes date
    # Every shipped package is now dated, so blank one: an undated package counts from its fiscal year's start.
    undated = shipped.packages.copy()
    undated.loc[undated["iso3"] == "DJI", "notes_date"] = None
    assert "DJI" in set(packages_known_on(undated, date(2024, 4, 1))["iso3"])
    assert "DJI" not in set(packages_known_on(undated, date(2024, 3, 31))["iso3"])


def test_every_recipient_has_a_region(shipped):
    regions = load_regions(shipped.directory)
    assert set(shipped.ledger["iso3"]) <= set(regions)
    assert set(regions.values()) <= set(REGION_KEYS)


def test_regions_fall_back_to_the_shipped_file(tmp_path):
    assert load_regions(write_dataset(tmp_path / "data"))["PHL"] == "south_eastern_asia"


def test_yen_totals_count_packages_without_an_amount():
    packages = pd.DataFrame({"amount_jpy": [100, None, 50], "category": ["a", "a", "b"]})
    totals = yen_totals(packages, packages["category"])
    assert totals.to_dict("records") == [
        {"group": "a", "amount_jpy": 100, "packages": 2, "without_amount": 1},
        {"group": "b", "amount_jpy": 50, "packages": 1, "without_amount": 0},
    ]


def test_drone_packages_are_found_by_equipment(shipped):
    assert set(drone_packages(shipped.packages)["iso3"]) >= {"LKA", "TON", "MYS"}


def test_every_explore_string_has_both_languages():
    keys = [key for key in CATALOGUE if key.startswith("explore.")]
    assert keys
    for key in keys:
        for lang in LANGUAGES:
            assert CATALOGUE[key].get(lang, "").strip(), f"{key} has no {lang} text"


def test_every_explore_key_the_code_asks_for_exists():
    sources = [ROOT / "pages" / name for name in ("map.py", "data.py", "programme.py")]
    sources += [ROOT / "osa_map" / "ui" / "explore.py", ROOT / "osa_map" / "ui" / "tables.py"]
    sources += [ROOT / "osa_map" / "render" / "charts.py"]
    asked = set()
    for path in sources:
        asked |= set(re.findall(r't\(\s*"(explore\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    # Keys built from data: categories, regions, stages and column names.
    asked |= {f"explore.category.{key}" for key in EQUIPMENT_CATEGORIES}
    asked |= {f"explore.region.{key}" for key in REGION_KEYS}
    asked |= {f"explore.filter_{name}" for name in FILTER_PARAMS}
    columns = {*STANDING_COLUMNS, *LEDGER_COLUMNS, *PACKAGE_TABLE_COLUMNS}
    asked |= {f"explore.col.{column}" for column in columns | {"source_title", "source_url"}}
    assert asked - set(CATALOGUE) == set()


def test_exports_of_a_filtered_view_hold_only_the_recipients_shown():
    from datetime import date

    from osa_map.data.dataset import load_dataset
    from osa_map.model.standings import recipients_as_of
    from osa_map.render.export import visible_table

    dataset = load_dataset()
    inaugural = recipients_as_of(dataset.ledger, date(2026, 11, 24)).query("cohort == 'inaugural'")
    table = visible_table(snapshot_for(dataset, date(2026, 11, 24), cohort=("inaugural",)))
    assert sorted(table["ISO3"]) == sorted(inaugural.index) == ["BGD", "FJI", "MYS", "PHL"]


# --- the View: every URL value parsed in one place ------------------------------------------------


ALLOWED_WITH_COUNTRIES = {**ALLOWED, "country": ["FJI", "PHL", "TON"]}


def test_the_whole_view_round_trips_through_a_link():
    view = View(as_of=SEED_VIEW, cohort=("inaugural",), country="FJI", step="FJI", lang="ja", present=True)
    params = view_to_params(view, TODAY)
    assert params == {
        "as_of": "2024-03-31", "cohort": "inaugural", "country": "FJI", "lang": "ja", "present": "1", "step": "FJI",
    }  # fmt: skip
    assert view_from_params(params, ALLOWED_WITH_COUNTRIES) == view


def test_repeated_and_comma_separated_filters_both_work():
    repeated = view_from_params({"cohort": ["prospective", "fy2024_25"]}, ALLOWED)
    commas = view_from_params({"cohort": "prospective,fy2024_25"}, ALLOWED)
    assert repeated.cohort == commas.cohort == ("prospective", "fy2024_25")


def test_hostile_link_values_are_dropped_and_named():
    view = view_from_params(
        {"country": "[x](http://evil)", "step": "２", "as_of": "２０２４-03-31", "lang": "xx", "present": "1"},
        ALLOWED_WITH_COUNTRIES,
    )
    assert (view.country, view.step, view.as_of, view.lang) == (None, None, None, "en")
    assert len(view.problems) == 3
    assert view_from_params({"cohort": "a" * 10_000}, ALLOWED).cohort == ()


def test_a_step_without_presentation_is_ignored():
    assert view_from_params({"step": "3"}, ALLOWED).step is None
