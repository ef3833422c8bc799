"""The cohort colours stay distinguishable for colour-blind readers, checked numerically.

The check of the shipped data/cohorts.csv palette is in test_shipped_data.py.
"""

import pytest

from osa_map.data.colours import (
    CONDITIONS,
    MIN_DELTA_E2000,
    closest_pair,
    colour_difference,
    delta_e_2000,
    hex_to_rgb,
    min_pairwise_difference,
    simulate,
)
from tests.helpers import COHORTS

# Sharma, Wu & Dalal (2005), Table 1: the reference pairs every CIEDE2000 implementation must match.
SHARMA_PAIRS = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA_PAIRS)
def test_ciede2000_matches_sharmas_reference_pairs(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("condition", CONDITIONS)
def test_simulation_keeps_white_and_black(condition):
    # Every Machado matrix's rows sum to 1: neutral light stays neutral.
    assert simulate("#FFFFFF", condition) == pytest.approx((1.0, 1.0, 1.0), abs=1e-4)
    assert simulate("#000000", condition) == pytest.approx((0.0, 0.0, 0.0), abs=1e-6)


def test_red_and_green_collapse_under_deuteranopia():
    """The check can fail: the classic red/green pair is far apart normally, close for deuteranopes."""
    differences = min_pairwise_difference(["#D62728", "#2CA02C"])
    assert differences["normal"] > 50
    assert differences["deuteranopia"] < MIN_DELTA_E2000


def test_unknown_condition_is_refused():
    with pytest.raises(ValueError, match="unknown condition"):
        simulate("#0072B2", "achromatopsia")
    with pytest.raises(ValueError):
        hex_to_rgb("#12345")


def test_closest_pair_names_the_pair_the_minimum_comes_from():
    """The palette check on a small palette; the shipped palette's own check is in test_shipped_data.py."""
    palette = [row["colour"] for row in COHORTS]
    differences = min_pairwise_difference(palette)
    assert set(differences) == set(CONDITIONS)
    for condition, difference in differences.items():
        first, second, closest = closest_pair(palette, condition)
        assert {first, second} <= set(palette) and first != second
        assert closest == pytest.approx(difference)
        assert closest == pytest.approx(colour_difference(first, second, condition))
    with pytest.raises(ValueError, match="at least two"):
        closest_pair(palette[:1])


def test_colour_difference_is_zero_for_the_same_colour():
    assert colour_difference("#CC79A7", "#cc79a7", "tritanopia") == pytest.approx(0.0)


def test_chip_labels_read_on_every_cohort_colour():
    from osa_map.data.colours import contrast_ratio, readable_text_colour

    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    for colour in ("#0072B2", "#E69F00", "#CC79A7", "#009E73", "#56B4E9", "#D55E00", "#F0E442"):
        assert contrast_ratio(colour, readable_text_colour(colour)) >= 4.5, colour  # WCAG AA for text
