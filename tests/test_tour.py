"""The guided tour comes from the data: overview, each cohort in order, then its countries."""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.model.tour import TourStep, step_index_from_query, step_query_value, tour_steps
from tests.helpers import COHORTS, LEDGER, ledger_row, write_dataset


@pytest.fixture
def dataset(tmp_path):
    return load_dataset(write_dataset(tmp_path / "data"))


def outline(steps):
    return [(step.kind, step.cohort_key, step.iso3) for step in steps]


def test_steps_follow_cohort_order_then_first_known_date(dataset):
    steps = tour_steps(dataset, date(2026, 1, 1))
    assert outline(steps) == [
        ("overview", None, None),
        ("cohort", "inaugural", None),
        ("country", "inaugural", "PHL"),  # known from 2023-11-03
        ("country", "inaugural", "FJI"),  # known from 2023-12-18
        ("cohort", "fy2024_25", None),
        ("country", "fy2024_25", "PNG"),
        ("cohort", "prospective", None),
        ("country", "prospective", "VNM"),
    ]
    assert steps[0].text == "4 countries in 3 cohorts, as known on 1 Jan 2026."
    assert steps[1].title == "Inaugural (FY2023)"
    assert steps[1].text == "First. 2 countries: Philippines, Fiji."
    assert steps[2].title == "Philippines"
    assert steps[2].text == "Inaugural (FY2023) · Agreed · fiscal years: FY2023."  # delivered only from Feb 2026


def test_the_tour_shows_what_was_known_on_the_date(dataset):
    steps = tour_steps(dataset, date(2024, 6, 1))
    # Vietnam was then a FY2024-25 candidate; no cohort is left empty on screen.
    assert outline(steps)[4:] == [("cohort", "fy2024_25", None), ("country", "fy2024_25", "VNM")]
    assert "prospective" not in {step.cohort_key for step in steps}


def test_before_any_recipient_the_tour_is_the_overview(dataset):
    steps = tour_steps(dataset, date(2023, 1, 1))
    assert outline(steps) == [("overview", None, None)]
    assert "No country" in steps[0].text


def test_a_new_cohort_in_the_data_adds_its_steps(tmp_path):
    cohorts = [*COHORTS, {"key": "fy2026", "label": "FY2026", "colour": "#009E73", "order": "4", "description": ""}]
    ledger = [*LEDGER, ledger_row("LKA", "Sri Lanka", "2026-05-01", "fy2026", "selected")]
    steps = tour_steps(load_dataset(write_dataset(tmp_path / "data", ledger=ledger, cohorts=cohorts)), date(2026, 6, 1))
    assert outline(steps)[-2:] == [("cohort", "fy2026", None), ("country", "fy2026", "LKA")]
    assert steps[-2].text == "1 country: Sri Lanka."


def test_names_come_from_the_caller_when_given(dataset):
    steps = tour_steps(dataset, date(2026, 1, 1), names={"PHL": "Republic of the Philippines"})
    assert steps[2].title == "Republic of the Philippines"


def test_shipped_data_tours_every_recipient_once():
    dataset = load_dataset()
    steps = tour_steps(dataset, date(2026, 11, 24))
    countries = [step.iso3 for step in steps if step.kind == "country"]
    assert len(countries) == len(set(countries)) > 10
    assert steps[0].kind == "overview"


def test_steps_are_frozen():
    step = TourStep(kind="overview", title="t", text="x")
    with pytest.raises(FrozenInstanceError):
        step.title = "changed"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 0),
        ("", 0),
        ("1", 0),
        ("3", 2),
        ("0", 0),
        ("-4", 0),
        ("999", 7),
        ("next", 0),
        ("FJI", 3),
        ("fji", 3),
        ("prospective", 6),
        ("ZZZ", 0),
    ],
)
def test_step_index_from_query_is_always_a_valid_index(dataset, value, expected):
    steps = tour_steps(dataset, date(2026, 1, 1))
    assert step_index_from_query(value, steps) == expected


def test_step_query_value_round_trips(dataset):
    steps = tour_steps(dataset, date(2026, 1, 1))
    for index in range(len(steps)):
        assert step_index_from_query(step_query_value(index), steps) == index
