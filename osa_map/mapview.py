"""Build the folium map from validated frames: frames in, map out, no Streamlit.

The map is drawn in a Pacific-centred frame (see boundaries.to_pacific_frame), the way maps
are drawn in Japan: Djibouti to Fiji and Tonga in one continuous view, Fiji never split.

Every tooltip carries the country's ISO3 code, e.g. "Philippines (PHL)". streamlit-folium
reports the clicked object's tooltip text, so a click maps back to a country by its code,
never by its name.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from osa_map.assets import LeafletUrls
from osa_map.boundaries import area_km2, representative_points, to_pacific_frame
from osa_map.data import STATUS_LABELS
from osa_map.formatting import format_date

NON_RECIPIENT_FILL = "#d9d9d9"
BORDER_COLOUR = "#ffffff"
SEA_COLOUR = "#e8eff5"
SELECTED_OUTLINE = "#111111"
# Countries smaller than this get a circle marker on top, so a click target exists at every zoom.
SMALL_STATE_AREA_KM2 = 30_000
COORDINATE_DECIMALS = 3  # about 100 m: far finer than a world map can show
FIRST_VIEW_PADDING_DEGREES = 5.0

_ISO3_IN_TOOLTIP = re.compile(r"\(([A-Z]{3})\)")


@dataclass(frozen=True)
class View:
    """Where the map should look: used to open on a country picked from the search box or a link."""

    center: tuple[float, float]
    zoom: int


def map_geometry(boundaries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Boundaries made ready for the map: Pacific frame, rounded coordinates, label point, area.

    Computed once per boundary file (the page caches it); everything after this is cheap.
    """
    areas = area_km2(boundaries)
    pacific = to_pacific_frame(boundaries)
    pacific["geometry"] = shapely.transform(
        pacific.geometry.values, lambda coords: np.round(coords, COORDINATE_DECIMALS)
    )
    points = representative_points(pacific).set_index("iso3")
    pacific["lat"] = pacific["iso3"].map(points["lat"])
    pacific["lon"] = pacific["iso3"].map(points["lon"])
    pacific["area_km2"] = areas.values
    return pacific


def tooltip_html(name: str, iso3: str, detail: str) -> str:
    """Tooltip markup; every value is escaped because names and labels come from editors' CSVs."""
    return f"<strong>{html.escape(name)}</strong> ({html.escape(iso3)})<br>{html.escape(detail)}"


def iso3_from_tooltip(text: str | None, known_codes: Sequence[str] | set[str]) -> str | None:
    """The country code in a clicked tooltip's text, or None if there is none we know."""
    for code in _ISO3_IN_TOOLTIP.findall(text or ""):
        if code in known_codes:
            return code
    return None


def recipient_detail(cohort_label: str, status: str) -> str:
    return f"{cohort_label} · {STATUS_LABELS.get(status, status)}"


def build_map(
    countries: gpd.GeoDataFrame,
    standing: pd.DataFrame,
    cohorts: pd.DataFrame,
    names: Mapping[str, str],
    as_of: date,
    leaflet: LeafletUrls,
) -> folium.Map:
    """The world map coloured by cohort, with tooltips, small-state markers and a legend."""
    colours = dict(zip(cohorts["key"], cohorts["colour"], strict=True))
    labels = dict(zip(cohorts["key"], cohorts["label"], strict=True))

    m = folium.Map(
        location=None,
        tiles=None,  # no tile server: the app must work with the network unplugged
        min_zoom=1,
        max_zoom=8,
        max_bounds=True,
        min_lat=-70,
        max_lat=85,
        min_lon=float(countries.total_bounds[0]) - 10,
        max_lon=float(countries.total_bounds[2]) + 10,
        world_copy_jump=False,
        zoom_snap=0.25,
        control_scale=False,
    )
    # The iframe loads exactly these: local Leaflet, nothing else (no jQuery, Bootstrap or fonts).
    m.default_js = [("leaflet", leaflet.js)]
    m.default_css = [("leaflet_css", leaflet.css)]
    m.get_root().header.add_child(folium.Element(_MAP_CSS))

    features = []
    for row in countries.itertuples(index=False):
        name = names.get(row.iso3, row.name)
        if row.iso3 in standing.index:
            recipient = standing.loc[row.iso3]
            fill = colours[recipient["cohort"]]
            detail = recipient_detail(labels[recipient["cohort"]], recipient["status"])
        else:
            fill, detail = NON_RECIPIENT_FILL, "Not an OSA recipient"
        features.append(
            {
                "type": "Feature",
                "id": row.iso3,
                "properties": {"tooltip": tooltip_html(name, row.iso3, detail), "fill": fill},
                "geometry": shapely.geometry.mapping(row.geometry),
            }
        )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="countries",
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "fillOpacity": 1,
            "color": BORDER_COLOUR,
            "weight": 0.7,
        },
        highlight_function=lambda feature: {"color": "#333333", "weight": 2},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        zoom_on_click=False,
    ).add_to(m)

    _add_small_state_markers(m, countries, standing, colours, labels, names)
    m.get_root().html.add_child(folium.Element(legend_html(cohorts, standing, as_of)))
    m.fit_bounds(first_view_bounds(countries, standing))
    return m


def _add_small_state_markers(m, countries, standing, colours, labels, names) -> None:
    small = countries[(countries["area_km2"] < SMALL_STATE_AREA_KM2) & countries["iso3"].isin(standing.index)]
    for row in small.itertuples(index=False):
        recipient = standing.loc[row.iso3]
        folium.CircleMarker(
            location=(row.lat, row.lon),
            radius=8,
            color=BORDER_COLOUR,
            weight=2,
            fill=True,
            fill_color=colours[recipient["cohort"]],
            fill_opacity=1,
            tooltip=tooltip_html(
                names.get(row.iso3, row.name),
                row.iso3,
                recipient_detail(labels[recipient["cohort"]], recipient["status"]),
            ),
        ).add_to(m)


def first_view_bounds(countries: gpd.GeoDataFrame, standing: pd.DataFrame) -> list[list[float]]:
    """[[south, west], [north, east]] framing every recipient (Djibouti to Tonga), or the world."""
    recipients = countries[countries["iso3"].isin(standing.index)]
    if recipients.empty:
        recipients = countries
    west, south, east, north = recipients.total_bounds
    pad = FIRST_VIEW_PADDING_DEGREES
    return [[south - pad, west - pad], [north + pad, east + pad]]


def selection_layer(countries: gpd.GeoDataFrame, iso3: str | None) -> folium.FeatureGroup:
    """An outline around the selected country, added without rebuilding the map.

    Non-interactive, so clicks pass through to the country underneath.
    """
    group = folium.FeatureGroup(name="selection", control=False)
    chosen = countries[countries["iso3"] == iso3]
    if not chosen.empty:
        folium.GeoJson(
            chosen[["iso3", "geometry"]].__geo_interface__,
            style_function=lambda feature: {
                "fill": False,
                "color": SELECTED_OUTLINE,
                "weight": 3,
                "interactive": False,
            },
            interactive=False,
        ).add_to(group)
    return group


def country_view(countries: gpd.GeoDataFrame, iso3: str) -> View | None:
    """Centre and a zoom that fits the country (small states get a closer look)."""
    chosen = countries[countries["iso3"] == iso3]
    if chosen.empty:
        return None
    row = chosen.iloc[0]
    west, south, east, north = row.geometry.bounds
    span = max(east - west, north - south, 0.5)
    zoom = int(np.clip(np.floor(np.log2(360 / span)), 2, 6))
    return View(center=(float(row["lat"]), float(row["lon"])), zoom=zoom)


def legend_html(cohorts: pd.DataFrame, standing: pd.DataFrame, as_of: date) -> str:
    """A legend inside the map (it travels with screenshots), with a count per cohort."""
    counts = standing["cohort"].value_counts()
    rows = [
        f'<li><span class="swatch" style="background:{html.escape(colour)}"></span>'
        f'{html.escape(label)} <span class="count">{int(counts.get(key, 0))}</span></li>'
        for key, label, colour in cohorts[["key", "label", "colour"]].itertuples(index=False)
    ]
    rows.append(f'<li><span class="swatch" style="background:{NON_RECIPIENT_FILL}"></span>Not a recipient</li>')
    return (
        '<div class="osa-legend" role="region" aria-label="Legend">'
        f'<div class="title">OSA cohort, as known on {html.escape(format_date(as_of))}</div>'
        f"<ul>{''.join(rows)}</ul>"
        '<div class="note">Circles mark small states. Boundaries: Natural Earth.</div>'
        "</div>"
    )


_MAP_CSS = f"""<style>
.leaflet-container {{ background: {SEA_COLOUR}; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }}
.leaflet-tooltip {{ font-size: 14px; line-height: 1.35; }}
.osa-legend {{ position: absolute; left: 10px; bottom: 22px; z-index: 1000; background: rgba(255,255,255,0.94);
  padding: 8px 12px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.25);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 320px; }}
.osa-legend .title {{ font-weight: 600; margin-bottom: 4px; }}
.osa-legend ul {{ list-style: none; margin: 0; padding: 0; }}
.osa-legend li {{ display: flex; align-items: center; gap: 8px; }}
.osa-legend .swatch {{ display: inline-block; width: 16px; height: 16px; border-radius: 3px;
  border: 1px solid rgba(0,0,0,0.25); }}
.osa-legend .count {{ margin-left: auto; padding-left: 12px; font-variant-numeric: tabular-nums; font-weight: 600; }}
.osa-legend .note {{ margin-top: 4px; font-size: 12px; color: #555; }}
</style>"""
