"""Recipient names on the static image, placed so that none covers another, the legend or a circle.

Greedy and deterministic: the largest country is placed first, each label tries the spots near
its country in a fixed order, then farther ones with a leader line, and a label that fits nowhere
is left out. Kept apart from render.static_map because placing text is its own small algorithm.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from osa_map.render.static_fonts import MUTED_TEXT_COLOUR, TEXT_COLOUR

# Where a label may go relative to its country's point, in points, tried in this order; a
# country drawn large enough gets its name centred on it first. Far offsets get a leader line.
NEAR_OFFSETS = ((16, 0), (-16, 0), (0, 15), (0, -15), (14, 12), (14, -12), (-14, 12), (-14, -12))
FAR_STEPS = (2.6, 4.2, 6.0)
LABEL_CENTRED_MIN_AREA_KM2 = 250_000
LEADER_LINE_FROM_POINTS = 30


def draw_labels(
    figure: Figure, axes, recipients: pd.DataFrame, avoid: list, weight: str, circle_radius_points: float
) -> None:
    """Name every recipient, moving labels (greedily, largest country first) so none overlap.

    A label may not cover what `avoid` holds (the legend), a small state's circle (`recipients`
    marked "small", drawn `circle_radius_points` wide) or another label; one that has to sit far
    from its country gets a leader line.
    """
    renderer = figure.canvas.get_renderer()
    map_area = axes.get_window_extent(renderer)
    taken: list[Bbox] = [artist.get_window_extent(renderer) for artist in avoid]
    circle_radius = circle_radius_points * figure.dpi / 72
    for row in recipients[recipients["small"]].itertuples(index=False):
        x, y = axes.transData.transform((row.x, row.y))
        taken.append(Bbox.from_extents(x - circle_radius, y - circle_radius, x + circle_radius, y + circle_radius))

    for row in recipients.sort_values("area_km2", ascending=False).itertuples(index=False):
        for dx, dy in _label_offsets(centred_first=row.area_km2 >= LABEL_CENTRED_MIN_AREA_KM2):
            label = _label(axes, row.name, (row.x, row.y), dx, dy, weight)
            box = label.get_window_extent(renderer).expanded(1.06, 1.15)
            inside = map_area.x0 <= box.x0 and box.x1 <= map_area.x1 and map_area.y0 <= box.y0 and box.y1 <= map_area.y1
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                if math.hypot(dx, dy) > LEADER_LINE_FROM_POINTS:
                    axes.annotate(
                        "",
                        xy=(row.x, row.y),
                        xytext=(dx, dy),
                        textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "color": MUTED_TEXT_COLOUR, "linewidth": 1.2, "shrinkB": 3},
                        zorder=5,
                        parse_math=False,
                    )
                break
            label.remove()
        # A label that fits nowhere is left out rather than drawn over another: the legend and
        # the circles still show the country, and the HTML export names it on hover.


def _label_offsets(centred_first: bool) -> list[tuple[float, float]]:
    near = list(NEAR_OFFSETS)
    far = [(dx * step, dy * step) for step in FAR_STEPS for dx, dy in NEAR_OFFSETS]
    return ([(0.0, 0.0)] if centred_first else []) + near + far


def _label(axes, text: str, point: tuple[float, float], dx: float, dy: float, weight: str):
    return axes.annotate(
        text,
        xy=point,
        xytext=(dx, dy),
        textcoords="offset points",
        ha="center" if dx == 0 else ("left" if dx > 0 else "right"),
        va="center" if dy == 0 else ("bottom" if dy > 0 else "top"),
        fontsize=17,
        fontweight=weight,
        color=TEXT_COLOUR,
        path_effects=[patheffects.withStroke(linewidth=4.5, foreground="white")],
        zorder=6,
        parse_math=False,  # a country name from the ledger is text, never mathtext
    )
