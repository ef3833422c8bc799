"""Exploring over time and by filter: URL state, change dates, fiscal years, filters, and the two
views of the shipped ledger the issue names (early 2024 = the seed article; today = the latest)."""

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from osa_map import explore
from osa_map.data import EQUIPMENT_CATEGORIES, STATUSES, load_dataset, recipients_as_of
from osa_map.explore import ExploreState
from osa_map.i18n import CATALOGUE, LANGUAGES
from tests.helpers import write_dataset

ROOT = Path(__file__).resolve().parent.parent
SEED_VIEW = date(2024, 3, 31)  # before April 2024: what the undated seed article knew
TODAY = date(2026, 11, 24)  # the shipped data's review date; a fixed "today" keeps the test stable
ALLOWED = {
    "cohort": ["inaugural", "fy2024_25", "prospective"],
    "status": list(STATUSES),
    "category": list(EQUIPMENT_CATEGORIES),
    "region": list(explore.REGION_KEYS),
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
    shortcuts = dict(explore.fiscal_year_shortcuts(date(2023, 8, 30), TODAY))
    assert shortcuts[2023] == SEED_VIEW
    assert shortcuts[2026] == TODAY  # the year still running stops at today
    assert list(shortcuts) == [2023, 2024, 2025, 2026]


@pytest.mark.parametrize(
    ("day", "year"), [(date(2024, 3, 31), 2023), (date(2024, 4, 1), 2024), (date(2025, 1, 11), 2024)]
)
def test_fiscal_years_run_april_to_march(day, year):
    assert explore.fiscal_year_of(day) == year
    assert explore.fiscal_year_start(year) <= day <= explore.fiscal_year_end(year)


def test_change_dates_are_the_play_buttons_steps(shipped):
    dates = explore.change_dates(shipped.ledger, until=TODAY)
    assert dates == sorted(set(dates))
    assert dates[0] == date(2023, 4, 5)  # the OSA guidelines name the four inaugural recipients
    assert explore.next_change_date(dates, date(2024, 3, 31)) == date(2024, 11, 30)
    assert explore.next_change_date(dates, dates[-1]) is None


def test_url_state_round_trip():
    state = ExploreState(
        as_of=SEED_VIEW, cohort=("prospective", "fy2024_25"), status=("candidate",), region=("melanesia",)
    )
    params = explore.state_to_params(state, TODAY)
    assert params == {
        "as_of": "2024-03-31",
        "cohort": "prospective,fy2024_25",
        "status": "candidate",
        "region": "melanesia",
    }
    assert explore.parse_state(params, ALLOWED) == state


def test_today_and_empty_filters_keep_the_link_short():
    assert explore.state_to_params(ExploreState(as_of=TODAY), TODAY) == {}
    assert explore.parse_state({}, ALLOWED) == ExploreState()


def test_a_bad_link_is_not_fatal():
    state = explore.parse_state({"as_of": "2024-02-30", "cohort": "prospective,fy2099, ", "status": ""}, ALLOWED)
    assert state.as_of is None
    assert state.cohort == ("prospective",)
    assert state.problems == ("as_of=2024-02-30", "cohort=fy2099")


def test_filters_keep_matching_recipients(shipped):
    standing = recipients_as_of(shipped.ledger, SEED_VIEW)
    packages = explore.packages_known_on(shipped.packages, SEED_VIEW)
    regions = explore.load_regions(shipped.directory)

    def shown(**filters) -> set[str]:
        return set(explore.apply_filters(standing, ExploreState(**filters), packages, regions).index)

    assert shown() == set(standing.index)
    assert shown(cohort=("prospective",)) == {"IDN", "PNG"}
    assert shown(status=("agreed",)) == {"PHL", "BGD", "MYS", "FJI"}
    assert shown(region=("melanesia",)) == {"FJI", "PNG"}
    assert shown(category=("maritime",)) == {"BGD", "FJI"}  # packages signed by then
    assert shown(category=("maritime",), region=("southern_asia",)) == {"BGD"}
    assert shown(cohort=("inaugural",), status=("candidate",)) == set()


def test_recipients_shown_gives_everyone_on_the_date_and_those_the_filters_keep(shipped):
    regions = explore.load_regions(shipped.directory)
    standing, shown = explore.recipients_shown(shipped, SEED_VIEW, ExploreState(region=("melanesia",)), regions)
    assert set(standing.index) == set(recipients_as_of(shipped.ledger, SEED_VIEW).index)
    assert set(shown.index) == {"FJI", "PNG"}


def test_filtered_legend_counts_only_what_is_shown(shipped):
    from osa_map.mapview import legend_html

    standing = recipients_as_of(shipped.ledger, SEED_VIEW)
    shown = explore.apply_filters(standing, ExploreState(region=("melanesia",)), shipped.packages, {"FJI": "melanesia"})
    counts = re.findall(r'class="count">(\d+)<', legend_html(shipped.cohorts, shown, SEED_VIEW))
    assert counts == ["1", "0", "0"]


def test_packages_known_on_a_date_follow_the_panels_rule(shipped):
    known = explore.packages_known_on(shipped.packages, SEED_VIEW)
    assert set(known["iso3"]) == {"PHL", "BGD", "MYS", "FJI"}
    assert "DJI" not in set(explore.packages_known_on(shipped.packages, date(2024, 12, 24))["iso3"])
    assert "DJI" in set(explore.packages_known_on(shipped.packages, date(2024, 12, 25))["iso3"])  # notes date
    # Every shipped package is now dated, so blank one: an undated package counts from its fiscal year's start.
    undated = shipped.packages.copy()
    undated.loc[undated["iso3"] == "DJI", "notes_date"] = None
    assert "DJI" in set(explore.packages_known_on(undated, date(2024, 4, 1))["iso3"])
    assert "DJI" not in set(explore.packages_known_on(undated, date(2024, 3, 31))["iso3"])


def test_every_recipient_has_a_region(shipped):
    regions = explore.load_regions(shipped.directory)
    assert set(shipped.ledger["iso3"]) <= set(regions)
    assert set(regions.values()) <= set(explore.REGION_KEYS)


def test_regions_fall_back_to_the_shipped_file(tmp_path):
    assert explore.load_regions(write_dataset(tmp_path / "data"))["PHL"] == "south_eastern_asia"


def test_yen_totals_count_packages_without_an_amount():
    packages = pd.DataFrame({"amount_jpy": [100, None, 50], "category": ["a", "a", "b"]})
    totals = explore.yen_totals(packages, packages["category"])
    assert totals.to_dict("records") == [
        {"group": "a", "amount_jpy": 100, "packages": 2, "without_amount": 1},
        {"group": "b", "amount_jpy": 50, "packages": 1, "without_amount": 0},
    ]


def test_drone_packages_are_found_by_equipment(shipped):
    assert set(explore.drone_packages(shipped.packages)["iso3"]) >= {"LKA", "TON", "MYS"}


def test_every_explore_string_has_both_languages():
    keys = [key for key in CATALOGUE if key.startswith("explore.")]
    assert keys
    for key in keys:
        for lang in LANGUAGES:
            assert CATALOGUE[key].get(lang, "").strip(), f"{key} has no {lang} text"


def test_every_explore_key_the_code_asks_for_exists():
    sources = [ROOT / "pages" / name for name in ("map.py", "data.py", "programme.py")]
    sources += [ROOT / "osa_map" / name for name in ("explore_ui.py", "charts.py")]
    asked = set()
    for path in sources:
        asked |= set(re.findall(r't\(\s*"(explore\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    # Keys built from data: categories, regions, stages and column names.
    asked |= {f"explore.category.{key}" for key in EQUIPMENT_CATEGORIES}
    asked |= {f"explore.region.{key}" for key in explore.REGION_KEYS}
    asked |= {f"explore.filter_{name}" for name in explore.FILTER_PARAMS}
    columns = {*explore.STANDING_COLUMNS, *explore.LEDGER_COLUMNS, *explore.PACKAGE_TABLE_COLUMNS}
    asked |= {f"explore.col.{column}" for column in columns | {"source_title", "source_url"}}
    assert asked - set(CATALOGUE) == set()


def test_exports_of_a_filtered_view_hold_only_the_recipients_shown():
    from datetime import date

    from osa_map.data import load_dataset, recipients_as_of
    from osa_map.explore import restrict_to
    from osa_map.export import visible_table

    dataset = load_dataset()
    inaugural = recipients_as_of(dataset.ledger, date(2026, 11, 24)).query("cohort == 'inaugural'")
    table = visible_table(restrict_to(dataset, inaugural.index), date(2026, 11, 24))
    assert sorted(table["ISO3"]) == sorted(inaugural.index) == ["BGD", "FJI", "MYS", "PHL"]
