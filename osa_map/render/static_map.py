"""The map as a slide-ready PNG or SVG, drawn with matplotlib (no Streamlit, no network).

Kept apart from osa_map.export because matplotlib costs ~30 MB of memory at import, and
geopandas (here only for GeoDataFrame.plot) ~15 MB more with pyproj: the app's server loads
them only when someone actually downloads an image. Its text (fonts, colours) is
render.static_fonts', and where the recipients' names go is render.static_labels'.
"""

from __future__ import annotations

import io
import math
import re
import threading
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from osa_map.data.boundaries import load_boundaries
from osa_map.i18n import format_date, t, tn
from osa_map.model.snapshot import Snapshot
from osa_map.render.formats import DEFAULT_HEIGHT, DEFAULT_WIDTH, MAX_SIDE, MIN_SIDE, ImageFormat, source_line
from osa_map.render.leaflet_layer import BORDER_COLOUR, NON_RECIPIENT_FILL
from osa_map.render.map_fitting import first_view_bounds
from osa_map.render.static_fonts import (
    MUTED_TEXT_COLOUR,
    TEXT_COLOUR,
    emphasis_weight,
    font_settings,
    with_embedded_japanese_font,
)
from osa_map.render.static_labels import draw_labels
from osa_map.render.webmap import SEA_COLOUR, SMALL_STATE_AREA_KM2, map_geometry

# The figure is always 19.2 inches wide and its dpi follows the pixel width, so type and lines
# keep the same share of the picture at any size: 1920x1080 is 100 dpi, 1280x720 about 67.
FIGURE_WIDTH_INCHES = 19.2
# Cohorts in cohorts.csv order get these patterns, so cohorts differ in shape as well as hue.
COHORT_HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
HATCH_COLOUR = "#ffffff"
CIRCLE_RADIUS_POINTS = 9.5  # the small-state circles: about 13 px at 1920 wide
MERCATOR_LIMIT_LAT = 85.0  # Web Mercator, like Leaflet, stops short of the poles

# Layout, as fractions of the figure: a title band, the map, a source line.
HEADER_HEIGHT = 0.125
FOOTER_HEIGHT = 0.055

# matplotlib's rc settings are process-wide; Streamlit serves sessions from threads, so one
# image is drawn at a time (each takes well under a second).
_DRAWING = threading.Lock()


def draw_static_map(
    snapshot: Snapshot,
    image_format: ImageFormat = "png",
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    countries: pd.DataFrame | None = None,
) -> bytes:
    """The snapshot's map as PNG or SVG bytes of `width` x `height` pixels, in its language.

    Title, legend with counts (and how many a filter hides), the date, a source line naming the
    filters, cohort colours plus hatching, recipient labels and circles on small states.
    `countries` is map_geometry()'s frame; pass the page's cached one to skip the second it takes
    to build. Text from the CSVs is drawn as it is: `$` is a dollar sign, never mathtext.
    """
    if image_format not in ("png", "svg"):
        raise ValueError(f"unknown image format {image_format!r}; use png or svg")
    _check_size(width, height)
    countries = countries if countries is not None else map_geometry(load_boundaries())
    buffer = io.BytesIO()
    # No timestamps, so the same data gives the same bytes (tidy diffs in docs/exports/).
    metadata = {"Software": None} if image_format == "png" else {"Date": None}
    with _DRAWING, matplotlib.rc_context(font_settings(snapshot.lang)):
        figure = _draw_figure(snapshot, countries, width, height)
        figure.savefig(buffer, format=image_format, dpi=figure.dpi, metadata=metadata)
    if image_format == "svg":
        svg = _svg_in_pixels(buffer.getvalue(), width, height)
        return with_embedded_japanese_font(svg) if snapshot.lang == "ja" else svg
    return buffer.getvalue()


def _svg_in_pixels(svg: bytes, width: int, height: int) -> bytes:
    """matplotlib sizes SVGs in points; a slide tool should place this one at width x height pixels."""
    sized, found = re.subn(
        rb'width="[\d.]+pt" height="[\d.]+pt"', f'width="{width}" height="{height}"'.encode(), svg, count=1
    )
    if found != 1:
        raise RuntimeError("could not find the SVG's size to set it in pixels")
    return sized


@dataclass(frozen=True)
class _Frame:
    """The map's extent in (longitude, Mercator y) units, widened to the map area's shape."""

    west: float
    east: float
    south: float
    north: float


def _draw_figure(snapshot: Snapshot, countries: pd.DataFrame, width: int, height: int) -> Figure:
    standing = snapshot.standing_frame()  # the recipients shown: a filter's others are drawn grey
    cohorts = snapshot.cohorts

    dpi = width / FIGURE_WIDTH_INCHES
    figure = Figure(figsize=(FIGURE_WIDTH_INCHES, height / dpi), dpi=dpi, facecolor="white")
    # The Agg canvas, never pyplot: no display needed, and safe in Streamlit's threads.
    FigureCanvasAgg(figure)
    map_box = (0.0, FOOTER_HEIGHT, 1.0, 1.0 - HEADER_HEIGHT - FOOTER_HEIGHT)
    axes = figure.add_axes(map_box)
    axes.set_facecolor(SEA_COLOUR)
    axes.xaxis.set_visible(False)
    axes.yaxis.set_visible(False)
    for spine in axes.spines.values():
        spine.set_visible(False)

    frame = _fit_frame(first_view_bounds(countries, standing.index), width * map_box[2] / (height * map_box[3]))
    axes.set_xlim(frame.west, frame.east)
    axes.set_ylim(frame.south, frame.north)
    axes.set_aspect("equal", adjustable="box")
    pixels_per_unit = width / (frame.east - frame.west)
    shapes = _projected_shapes(countries, frame, tolerance=0.4 / pixels_per_unit)

    cohort_of = standing["cohort"] if len(standing) else pd.Series(dtype=str)
    shapes["cohort"] = shapes["iso3"].map(cohort_of)
    _draw_countries(axes, shapes[shapes["cohort"].isna()], NON_RECIPIENT_FILL, "")
    for position, cohort in enumerate(cohorts):
        members = shapes[shapes["cohort"] == cohort.key]
        if not members.empty:
            _draw_countries(axes, members, cohort.colour, _hatch(position))

    recipients = countries[countries["iso3"].isin(standing.index)].copy()
    recipients["x"] = recipients["lon"]
    recipients["y"] = _mercator_y(recipients["lat"].to_numpy())
    recipients["name"] = [snapshot.names.get(code, code) for code in recipients["iso3"]]
    recipients["small"] = recipients["area_km2"] < SMALL_STATE_AREA_KM2
    positions = {cohort.key: position for position, cohort in enumerate(cohorts)}
    colours = {cohort.key: cohort.colour for cohort in cohorts}
    _draw_small_state_circles(axes, recipients, standing, colours, positions)

    legend = _draw_legend(axes, snapshot)
    _draw_titles(figure, snapshot)
    draw_labels(
        figure,
        axes,
        recipients,
        avoid=[legend],
        weight=emphasis_weight(snapshot.lang),
        circle_radius_points=CIRCLE_RADIUS_POINTS,
    )
    return figure


def _check_size(width: int, height: int) -> None:
    for side, value in (("width", width), ("height", height)):
        if not MIN_SIDE <= value <= MAX_SIDE:
            raise ValueError(f"{side} must be between {MIN_SIDE} and {MAX_SIDE} pixels, not {value}")


def _hatch(position: int) -> str:
    return COHORT_HATCHES[position % len(COHORT_HATCHES)]


def _mercator_y(latitudes: np.ndarray) -> np.ndarray:
    """Web Mercator northing in degree-like units, so x (longitude) and y share one scale."""
    clipped = np.radians(np.clip(latitudes, -MERCATOR_LIMIT_LAT, MERCATOR_LIMIT_LAT))
    return np.degrees(np.log(np.tan(np.pi / 4 + clipped / 2)))


def _fit_frame(bounds: list[list[float]], aspect: float) -> _Frame:
    """Leaflet's fitBounds: the recipients' box, widened on one axis to the map area's shape."""
    (south, west), (north, east) = bounds
    south_y, north_y = _mercator_y(np.array([south, north]))
    width, height = east - west, north_y - south_y
    if width / height < aspect:
        extra = (height * aspect - width) / 2
        return _Frame(west - extra, east + extra, float(south_y), float(north_y))
    extra = (width / aspect - height) / 2
    return _Frame(west, east, float(south_y - extra), float(north_y + extra))


def _projected_shapes(countries: pd.DataFrame, frame: _Frame, tolerance: float) -> gpd.GeoDataFrame:
    """Countries clipped to the view, in Mercator, simplified below a pixel: small files, same look."""
    margin = 2.0
    south_lat = math.degrees(math.atan(math.sinh(math.radians(frame.south))))
    north_lat = math.degrees(math.atan(math.sinh(math.radians(frame.north))))
    clipped = shapely.clip_by_rect(
        countries["geometry"].to_numpy(),
        frame.west - margin,
        max(south_lat - margin, -MERCATOR_LIMIT_LAT),
        frame.east + margin,
        min(north_lat + margin, MERCATOR_LIMIT_LAT),
    )
    projected = shapely.transform(clipped, lambda xy: np.column_stack([xy[:, 0], _mercator_y(xy[:, 1])]))
    simplified = shapely.simplify(projected, tolerance, preserve_topology=True)
    shapes = gpd.GeoDataFrame({"iso3": countries["iso3"].to_numpy()}, geometry=simplified)
    return shapes[~shapes.geometry.is_empty].reset_index(drop=True)


def _draw_countries(axes, shapes: gpd.GeoDataFrame, colour: str, hatch: str) -> None:
    if shapes.empty:
        return
    shapes.plot(
        ax=axes,
        facecolor=colour,
        edgecolor=BORDER_COLOUR,
        linewidth=0.7,
        hatch=hatch or None,
        hatchcolor=HATCH_COLOUR,
    )


def _draw_small_state_circles(axes, recipients, standing, colours, positions) -> None:
    """Circles on recipients too small to see, as on the web map; hatched like their cohort."""
    small = recipients[recipients["small"]]
    for row in small.itertuples(index=False):
        cohort = standing.loc[row.iso3, "cohort"]
        axes.scatter(
            [row.x],
            [row.y],
            s=(2 * CIRCLE_RADIUS_POINTS) ** 2,  # scatter sizes are diameters squared, in points
            facecolor=colours[cohort],
            edgecolor=BORDER_COLOUR,
            linewidths=2,
            hatch=_hatch(positions[cohort]) or None,
            hatchcolor=HATCH_COLOUR,
            zorder=4,
        )


def _draw_legend(axes, snapshot: Snapshot):
    lang = snapshot.lang
    handles, labels = [], []
    for position, cohort in enumerate(snapshot.cohorts):
        handles.append(
            Patch(facecolor=cohort.colour, edgecolor="#666666", hatch=_hatch(position), hatchcolor=HATCH_COLOUR)
        )
        label = tn("export.legend_count", lang, cohort.shown, label=cohort.label)
        if cohort.hidden:  # never "0" for a cohort a filter hides: say how many it hides
            label += f" ({tn('filters.hidden', lang, cohort.hidden)})"
        labels.append(label)
    handles.append(Patch(facecolor=NON_RECIPIENT_FILL, edgecolor="#666666"))
    labels.append(t("export.legend_not_recipient", lang))
    handles.append(
        Line2D([], [], linestyle="", marker="o", markersize=14, markerfacecolor="#888888", markeredgecolor="white")
    )
    labels.append(t("export.legend_small_state", lang))
    legend = axes.legend(
        handles,
        labels,
        loc="lower left",
        title=t("export.legend_title", lang, date=format_date(snapshot.as_of, lang)),
        fontsize=19,
        title_fontsize=19,
        frameon=True,
        framealpha=0.94,
        facecolor="white",
        edgecolor="#bbbbbb",
        borderpad=0.9,
        labelspacing=0.6,
        handlelength=2.2,
        handleheight=1.3,
        borderaxespad=1.2,
        alignment="left",
    )
    legend.get_title().set_fontweight(emphasis_weight(lang))
    legend.get_title().set_color(TEXT_COLOUR)
    legend.get_title().set_parse_math(False)
    for text in legend.get_texts():
        text.set_color(TEXT_COLOUR)
        text.set_parse_math(False)  # a cohort label from cohorts.csv is text, never mathtext
    legend.set_zorder(10)
    return legend


def _draw_titles(figure: Figure, snapshot: Snapshot) -> None:
    lang = snapshot.lang
    left = 0.022
    top = 1.0 - HEADER_HEIGHT
    figure.text(
        left, top + 0.072, t("export.title", lang), fontsize=34, fontweight=emphasis_weight(lang), color=TEXT_COLOUR,
        parse_math=False,
    )  # fmt: skip
    count = len(snapshot.shown)
    cohort_count = sum(cohort.shown > 0 for cohort in snapshot.cohorts)
    when = format_date(snapshot.as_of, lang)
    if count:
        subtitle = t(
            "export.subtitle",
            lang,
            date=when,
            recipients=tn("export.recipients", lang, count),
            cohorts=tn("export.cohorts", lang, cohort_count),
        )
    else:
        subtitle = t("export.subtitle_none", lang, date=when)
    figure.text(left, top + 0.025, subtitle, fontsize=20, color=MUTED_TEXT_COLOUR, parse_math=False)
    footer = source_line(snapshot)
    # Wrapped at the figure's edge: a filter's name can make the line longer than a slide is wide.
    figure.text(
        left, FOOTER_HEIGHT / 2, footer, fontsize=14, color=MUTED_TEXT_COLOUR, va="center", parse_math=False, wrap=True
    )
