"""The map as a slide-ready PNG or SVG, drawn with matplotlib (no Streamlit, no network).

Kept apart from osa_map.export because matplotlib costs ~30 MB of memory at import, and
geopandas (here only for GeoDataFrame.plot) ~15 MB more with pyproj: the app's server loads
them only when someone actually downloads an image.
"""

from __future__ import annotations

import html
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
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

from osa_map.data.boundaries import load_boundaries
from osa_map.i18n import Language, format_date, t, tn
from osa_map.model.snapshot import Snapshot
from osa_map.render.formats import DEFAULT_HEIGHT, DEFAULT_WIDTH, MAX_SIDE, MIN_SIDE, ImageFormat, source_line
from osa_map.render.leaflet_layer import BORDER_COLOUR, NON_RECIPIENT_FILL
from osa_map.render.map_fitting import first_view_bounds
from osa_map.render.webmap import SEA_COLOUR, SMALL_STATE_AREA_KM2, map_geometry

# The figure is always 19.2 inches wide and its dpi follows the pixel width, so type and lines
# keep the same share of the picture at any size: 1920x1080 is 100 dpi, 1280x720 about 67.
FIGURE_WIDTH_INCHES = 19.2
# Cohorts in cohorts.csv order get these patterns, so cohorts differ in shape as well as hue.
COHORT_HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
HATCH_COLOUR = "#ffffff"
TEXT_COLOUR = "#1a1a1a"
MUTED_TEXT_COLOUR = "#4d4d4d"
# DejaVu Sans ships with matplotlib, so every machine draws identical text and nothing is
# fetched. SVG keeps text as text (editable in a slide); the fallbacks are for viewers without it.
FONT_SETTINGS = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial", "Helvetica"],
    "svg.fonttype": "none",
    "svg.hashsalt": "osa-map",  # stable ids: the same map gives the same SVG
}
# DejaVu Sans has no Japanese glyphs. IPAexGothic comes from the PyPI package matplotlib-fontja
# (IPA Font License), installed by requirements.txt, so Japanese images need no network either.
JAPANESE_FONT = "IPAexGothic"


def _emphasis(lang: Language) -> str:
    # IPAexGothic has a single weight; asking it for bold makes matplotlib warn on every label.
    return "normal" if lang == "ja" else "bold"


MERCATOR_LIMIT_LAT = 85.0  # Web Mercator, like Leaflet, stops short of the poles

# Layout, as fractions of the figure: a title band, the map, a source line.
HEADER_HEIGHT = 0.125
FOOTER_HEIGHT = 0.055

# matplotlib's rc settings are process-wide; Streamlit serves sessions from threads, so one
# image is drawn at a time (each takes well under a second).
_DRAWING = threading.Lock()


# --- the static image ------------------------------------------------------------------------


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
    with _DRAWING, matplotlib.rc_context(_font_settings(snapshot.lang)):
        figure = _draw_figure(snapshot, countries, width, height)
        figure.savefig(buffer, format=image_format, dpi=figure.dpi, metadata=metadata)
    if image_format == "svg":
        svg = _svg_in_pixels(buffer.getvalue(), width, height)
        return _with_embedded_japanese_font(svg) if snapshot.lang == "ja" else svg
    return buffer.getvalue()


def _with_embedded_japanese_font(svg: bytes) -> bytes:
    """The SVG with IPAexGothic embedded (subset to the characters it shows), so its Japanese reads
    on a machine without CJK fonts and stays text (searchable, editable in a slide)."""
    import base64

    from osa_map.render.assets import subset_font

    text = "".join(re.findall(r">([^<>]+)</text>", svg.decode("utf-8")))
    font = base64.b64encode(subset_font(html.unescape(text) + "0123456789")).decode("ascii")
    face = (
        f'<style type="text/css">@font-face {{ font-family: "{JAPANESE_FONT}"; '
        f'src: url("data:font/woff;base64,{font}") format("woff"); }}</style>'
    ).encode()
    embedded, found = re.subn(rb"<defs>", b"<defs>" + face, svg, count=1)
    if found != 1:
        raise RuntimeError("could not find the SVG's <defs> to embed the Japanese font")
    return embedded


def _font_settings(lang: Language) -> dict:
    if lang != "ja":
        return FONT_SETTINGS
    from matplotlib import font_manager
    from matplotlib_fontja import get_font_ttf_path  # only Japanese images need the 6 MB font

    font_manager.fontManager.addfont(get_font_ttf_path())
    return {**FONT_SETTINGS, "font.sans-serif": [JAPANESE_FONT, *FONT_SETTINGS["font.sans-serif"]]}


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
    _draw_labels(figure, axes, recipients, avoid=[legend], weight=_emphasis(snapshot.lang))
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
            s=(2 * _CIRCLE_RADIUS_POINTS) ** 2,  # scatter sizes are diameters squared, in points
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
    legend.get_title().set_fontweight(_emphasis(lang))
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
        left, top + 0.072, t("export.title", lang), fontsize=34, fontweight=_emphasis(lang), color=TEXT_COLOUR,
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


# --- recipient labels --------------------------------------------------------------------------

# Where a label may go relative to its country's point, in points, tried in this order; a
# country drawn large enough gets its name centred on it first. Far offsets get a leader line.
_NEAR_OFFSETS = ((16, 0), (-16, 0), (0, 15), (0, -15), (14, 12), (14, -12), (-14, 12), (-14, -12))
_FAR_STEPS = (2.6, 4.2, 6.0)
_LABEL_CENTRED_MIN_AREA_KM2 = 250_000
_LEADER_LINE_FROM_POINTS = 30
_CIRCLE_RADIUS_POINTS = 9.5  # the small-state circles: about 13 px at 1920 wide


def _draw_labels(figure: Figure, axes, recipients: pd.DataFrame, avoid: list, weight: str) -> None:
    """Name every recipient, moving labels (greedily, largest country first) so none overlap.

    A label may not cover the legend, a small state's circle or another label; one that has to
    sit far from its country gets a leader line.
    """
    renderer = figure.canvas.get_renderer()
    map_area = axes.get_window_extent(renderer)
    taken: list[Bbox] = [artist.get_window_extent(renderer) for artist in avoid]
    circle_radius = _CIRCLE_RADIUS_POINTS * figure.dpi / 72
    for row in recipients[recipients["small"]].itertuples(index=False):
        x, y = axes.transData.transform((row.x, row.y))
        taken.append(Bbox.from_extents(x - circle_radius, y - circle_radius, x + circle_radius, y + circle_radius))

    for row in recipients.sort_values("area_km2", ascending=False).itertuples(index=False):
        for dx, dy in _label_offsets(centred_first=row.area_km2 >= _LABEL_CENTRED_MIN_AREA_KM2):
            label = _label(axes, row.name, (row.x, row.y), dx, dy, weight)
            box = label.get_window_extent(renderer).expanded(1.06, 1.15)
            inside = map_area.x0 <= box.x0 and box.x1 <= map_area.x1 and map_area.y0 <= box.y0 and box.y1 <= map_area.y1
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                if math.hypot(dx, dy) > _LEADER_LINE_FROM_POINTS:
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
    near = list(_NEAR_OFFSETS)
    far = [(dx * step, dy * step) for step in _FAR_STEPS for dx, dy in _NEAR_OFFSETS]
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
