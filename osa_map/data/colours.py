"""Can every reader tell the cohorts apart? Colour-vision simulation and colour difference.

About one man in twelve sees colour differently. The map's only colour-coded fact is the
cohort, so the cohort colours (and the grey of non-recipients) must stay distinct for readers
with protanopia, deuteranopia and tritanopia, not just for normal vision. This module
simulates those three conditions and measures the smallest difference between any two map
colours; tests/test_shipped_data.py holds the shipped palette to MIN_DELTA_E2000, and
`python -m osa_map validate` warns an editor whose cohorts.csv colours fall below it
(`palette_problems`).

Simulation: Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for
Simulation of Color Vision Deficiency", IEEE TVCG 15(6), at severity 1.0, applied to linear
sRGB (the same matrices Chrome's and Firefox's DevTools use). Difference: CIEDE2000
(Sharma, Wu & Dalal 2005), in CIELAB under D65. Pure Python: three colours need no numpy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import combinations

from osa_map.data.schema import COHORTS_FILE, Problem, phrase

RGB = tuple[float, float, float]  # sRGB or linear sRGB components in 0..1
Lab = tuple[float, float, float]

# ΔE2000 ≈ 2.3 is a just-noticeable difference between large patches side by side. Map
# colours are read on small shapes, apart, through a projector that washes colours out, and
# must be matched to a legend from memory, so we ask for about four JNDs; 10 is also the
# floor Paul Tol's and Okabe & Ito's categorical palettes keep under simulated CVD.
MIN_DELTA_E2000 = 10.0

NORMAL = "normal"
# Rows map linear (R, G, B) to what a dichromat's cones report, re-expressed as linear sRGB.
CVD_MATRICES: dict[str, tuple[RGB, RGB, RGB]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
CONDITIONS: tuple[str, ...] = (NORMAL, *CVD_MATRICES)

# sRGB (D65) to CIE XYZ, and the D65 white point, as IEC 61966-2-1 defines them.
_SRGB_TO_XYZ = (
    (0.4124564, 0.3575761, 0.1804375),
    (0.2126729, 0.7151522, 0.0721750),
    (0.0193339, 0.1191920, 0.9503041),
)
_D65_WHITE = (0.95047, 1.0, 1.08883)


def hex_to_rgb(colour: str) -> RGB:
    """'#0072B2' -> (0.0, 0.447, 0.698): sRGB components in 0..1."""
    digits = colour.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"{colour!r} is not a #RRGGBB colour")
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def srgb_to_linear(rgb: RGB) -> RGB:
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)  # type: ignore[return-value]


def linear_to_srgb(rgb: RGB) -> RGB:
    return tuple(12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055 for c in rgb)  # type: ignore[return-value]


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #RRGGBB colour (0 black to 1 white)."""
    red, green, blue = srgb_to_linear(hex_to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(colour1: str, colour2: str) -> float:
    """WCAG 2's contrast ratio, 1 to 21; text needs 4.5 (AA)."""
    light, dark = sorted((relative_luminance(colour1), relative_luminance(colour2)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (a cohort chip's label)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") else "#ffffff"


def simulate(colour: str, condition: str) -> RGB:
    """The sRGB colour a reader with `condition` sees for `colour` ('normal' returns it as is).

    The matrix works on light, not on gamma-encoded values, hence the round trip through linear
    RGB; results just outside the gamut are clipped, as a screen would.
    """
    rgb = hex_to_rgb(colour)
    if condition == NORMAL:
        return rgb
    if condition not in CVD_MATRICES:
        raise ValueError(f"unknown condition {condition!r}; use one of {', '.join(CONDITIONS)}")
    linear = srgb_to_linear(rgb)
    seen = tuple(
        min(max(sum(m * c for m, c in zip(row, linear, strict=True)), 0.0), 1.0) for row in CVD_MATRICES[condition]
    )
    return linear_to_srgb(seen)  # type: ignore[arg-type]


def rgb_to_lab(rgb: RGB) -> Lab:
    """sRGB (0..1) to CIELAB under D65."""
    linear = srgb_to_linear(rgb)
    xyz = [
        sum(m * c for m, c in zip(row, linear, strict=True)) / white
        for row, white in zip(_SRGB_TO_XYZ, _D65_WHITE, strict=True)
    ]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(t) for t in xyz)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e_2000(lab1: Lab, lab2: Lab) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), following Sharma, Wu & Dalal (2005)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    # G rescales a* so that near-neutral colours are not judged too different.
    g = 0.5 * (1 - math.sqrt(mean_c**7 / (mean_c**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    delta_l = l2 - l1
    delta_c = c2p - c1p
    if c1p * c2p == 0:
        delta_h_angle = 0.0
    elif abs(h2p - h1p) <= 180:
        delta_h_angle = h2p - h1p
    else:
        delta_h_angle = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    delta_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(delta_h_angle / 2))

    mean_l = (l1 + l2) / 2
    mean_cp = (c1p + c2p) / 2
    if c1p * c2p == 0:
        mean_h = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        mean_h = (h1p + h2p) / 2
    else:
        mean_h = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2

    t = (
        1
        - 0.17 * math.cos(math.radians(mean_h - 30))
        + 0.24 * math.cos(math.radians(2 * mean_h))
        + 0.32 * math.cos(math.radians(3 * mean_h + 6))
        - 0.20 * math.cos(math.radians(4 * mean_h - 63))
    )
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    s_c = 1 + 0.045 * mean_cp
    s_h = 1 + 0.015 * mean_cp * t
    rotation = (
        -2
        * math.sqrt(mean_cp**7 / (mean_cp**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((mean_h - 275) / 25) ** 2))))
    )
    return math.sqrt(
        (delta_l / s_l) ** 2
        + (delta_c / s_c) ** 2
        + (delta_h / s_h) ** 2
        + rotation * (delta_c / s_c) * (delta_h / s_h)
    )


def colour_difference(colour1: str, colour2: str, condition: str = NORMAL) -> float:
    """ΔE2000 between two #RRGGBB colours as a reader with `condition` sees them."""
    return delta_e_2000(rgb_to_lab(simulate(colour1, condition)), rgb_to_lab(simulate(colour2, condition)))


def closest_pair(colours: Sequence[str], condition: str = NORMAL) -> tuple[str, str, float]:
    """The two colours hardest to tell apart under `condition`, and their ΔE2000."""
    pairs = [(a, b, colour_difference(a, b, condition)) for a, b in combinations(colours, 2)]
    if not pairs:
        raise ValueError("need at least two colours to compare")
    return min(pairs, key=lambda pair: pair[2])


def min_pairwise_difference(colours: Iterable[str]) -> dict[str, float]:
    """For each condition (normal vision and the three simulations), the smallest ΔE2000 of any pair."""
    palette = list(colours)
    return {condition: closest_pair(palette, condition)[2] for condition in CONDITIONS}


# The fill of countries that are not recipients: osa_map.render.webmap.NON_RECIPIENT_FILL (a test
# keeps the two equal; the data layer cannot import the renderer, and validate should not load folium).
NON_RECIPIENT_GREY = "#d9d9d9"


def palette_problems(cohorts: Iterable[tuple[str, str]], grey: str = NON_RECIPIENT_GREY) -> list[Problem]:
    """A warning per pair of map colours that some reader cannot tell apart, for cohorts.csv's editors.

    `cohorts` are (key, colour) pairs; each is also compared with the non-recipients' grey. A
    warning, not an error: the map still works, but a reader may match a country to the wrong cohort.
    """
    named = [(f'"{key}" ({colour})', colour) for key, colour in cohorts]
    problems = []
    for (first, first_colour), (second, second_colour) in combinations([*named, (None, grey)], 2):
        differences = {condition: colour_difference(first_colour, second_colour, condition) for condition in CONDITIONS}
        alike = [condition for condition, difference in differences.items() if difference < MIN_DELTA_E2000]
        if not alike:
            continue
        worst = min(alike, key=differences.__getitem__)
        other = (
            phrase("problem.colours_grey", grey=grey)
            if second is None
            else phrase("problem.colours_cohort", name=second)
        )
        problems.append(
            Problem.said_as(
                COHORTS_FILE,
                None,
                "colour",
                "problem.colours_alike",
                "warning",
                first=first,
                other=other,
                readers=phrase("problem.colours_readers." + "_".join(alike)) if len(alike) == 1 else _readers(alike),
                difference=f"{differences[worst]:.1f}",
                minimum=f"{MIN_DELTA_E2000:.0f}",
            )
        )
    return problems


def _readers(conditions: list[str]) -> object:
    return phrase(
        "problem.colours_readers_list",
        first=phrase(f"problem.colours_readers.{conditions[0]}"),
        rest=_readers(conditions[1:]) if len(conditions) > 2 else phrase(f"problem.colours_readers.{conditions[1]}"),
    )
