"""The side panel's content for a country on a date."""

from datetime import date

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.model.details import country_details
from tests.helpers import write_dataset


@pytest.fixture
def dataset(tmp_path):
    return load_dataset(write_dataset(tmp_path / "data"))


def test_recipient_details_today(dataset):
    details = country_details(dataset, "PHL", "Philippines", date(2026, 11, 24))
    assert details.is_recipient
    assert (details.cohort_label, details.status_label) == ("Inaugural (FY2023)", "Delivered")
    assert details.fiscal_years == (2023, 2024, 2025)
    assert [p.amount for p in details.packages] == ["¥600 million", "about ¥1.6 billion"]
    assert len(details.history) == 2
    titles = [s.title for s in details.sources]
    assert titles[0] == "Source for Philippines" and "Radar source" in titles and "Boats source" in titles
    assert next(s for s in details.sources if s.title == "Boats source").url is None


def test_packages_after_the_date_are_hidden(dataset):
    details = country_details(dataset, "PHL", "Philippines", date(2024, 1, 1))
    assert [p.fiscal_year for p in details.packages] == [2023]
    assert details.status_label == "Agreed"


def test_non_recipient_says_so(dataset):
    details = country_details(dataset, "FRA", "France", date(2026, 11, 24))
    assert not details.is_recipient and details.name == "France"


def test_country_not_yet_known_on_the_date_is_not_a_recipient(dataset):
    assert not country_details(dataset, "PNG", "Papua New Guinea", date(2024, 3, 31)).is_recipient
