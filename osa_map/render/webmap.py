"""Build the folium map from validated frames: frames in, map out, no Streamlit.

The map is drawn in a Pacific-centred frame (see boundaries.to_pacific_frame), the way maps
are drawn in Japan: Djibouti to Fiji and Tonga in one continuous view, Fiji never split.

Speed shapes the design (see docs/performance.md). The country outlines never change while
the app runs, so the browser fetches them once as a cached static file; the map script carries
only each country's colour and tooltip (~20 KB instead of ~500 KB per rerun). Clicks are sent
to Streamlit straight from our own Leaflet layer as {"country": ISO3, "click": n}, skipping
streamlit-folium's 250 ms debounce, and the selection outline is drawn in the browser.
Countries are identified by ISO3 code throughout, never by name. Where a view is placed on the
map, and the frame's size in the window, is render.map_fitting's.
"""

from __future__ import annotations

import gzip
import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
import shapely

from osa_map.data.boundaries import area_km2, representative_points, to_pacific_frame, total_bounds
from osa_map.i18n import Language, format_date, t, tn
from osa_map.model.snapshot import Snapshot
from osa_map.render.assets import LeafletUrls
from osa_map.render.leaflet_layer import (
    NON_RECIPIENT_FILL,
    ApplyView,
    CountryLayer,
    RawHtml,
)
from osa_map.render.map_fitting import FitToWindow, FitView, MapFocus, first_view_bounds

SEA_COLOUR = "#e8eff5"
MAP_JAPANESE_FAMILY = "OSA Japanese"  # after the system fonts: used for what they cannot draw
# Countries smaller than this get a circle marker on top, so a click target exists at every zoom.
SMALL_STATE_AREA_KM2 = 30_000
COORDINATE_DECIMALS = 3  # about 100 m: far finer than a world map can show
MAX_BOUNDS_MARGIN_DEGREES = 60


@dataclass(frozen=True)
class OutlineUrls:
    """Where the app serves the country outlines: the GeoJSON file, the same gzip-compressed, and a
    one-line script that starts fetching them (see prefetch_script), so the download overlaps
    Leaflet's."""

    geometry: str
    geometry_gzip: str
    prefetch_script: str


def outlines_gzip(geometry: str) -> bytes:
    """The outlines compressed once, when they are written. Streamlit's server would gzip the
    plain file again for every visitor (~20 ms of CPU each, docs/performance.md); a .gz file it
    serves as it is (application/gzip), and the browser unpacks it with DecompressionStream.
    mtime=0 keeps the bytes, and so the file's content-hashed name, the same from run to run."""
    return gzip.compress(geometry.encode("utf-8"), compresslevel=9, mtime=0)


def prefetch_script(geometry_url: str, geometry_gzip_url: str) -> str:
    """The script behind OutlineUrls.prefetch_script: a fetch whose promise the map's layer takes
    up. Browsers without DecompressionStream (older than 2023) fetch the plain file."""
    return (
        'window.osaOutlines = typeof DecompressionStream === "function"\n'
        f"  ? fetch({json.dumps(geometry_gzip_url)}).then((response) =>\n"
        '      new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).json())\n'
        f"  : fetch({json.dumps(geometry_url)}).then((response) => response.json());\n"
    )


def map_geometry(boundaries: pd.DataFrame) -> pd.DataFrame:
    """Boundaries made ready for the map: Pacific frame, rounded coordinates, label point, area.

    Computed once per boundary file (the page caches it); everything after this is cheap.
    """
    areas = area_km2(boundaries)
    pacific = to_pacific_frame(boundaries)
    pacific["geometry"] = shapely.transform(
        pacific["geometry"].to_numpy(), lambda coords: np.round(coords, COORDINATE_DECIMALS)
    )
    points = representative_points(pacific).set_index("iso3")
    pacific["lat"] = pacific["iso3"].map(points["lat"])
    pacific["lon"] = pacific["iso3"].map(points["lon"])
    pacific["area_km2"] = areas.values
    return pacific


def tooltip_html(name: str, iso3: str, detail: str) -> str:
    """Tooltip markup; every value is escaped because names and labels come from editors' CSVs."""
    return f"<strong>{html.escape(name)}</strong> ({html.escape(iso3)})<br>{html.escape(detail)}"


def clicked_country(value: Mapping | None, known_codes: set[str]) -> str | None:
    """The ISO3 code in the map's returned value ({"country": ..., "click": n}), if it is one we know."""
    code = (value or {}).get("country")
    return code if code in known_codes else None


def geometry_json(countries: pd.DataFrame) -> str:
    """The outlines as compact GeoJSON (feature id = ISO3): what the browser fetches and caches."""
    features = [
        {"type": "Feature", "id": iso3, "properties": {}, "geometry": shapely.geometry.mapping(geometry)}
        for iso3, geometry in zip(countries["iso3"], countries["geometry"], strict=True)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def build_map(
    countries: pd.DataFrame,
    leaflet: LeafletUrls,
    outlines: OutlineUrls | None = None,
    large_type: bool = False,
    lang: Language = "en",
    fit_codes: Iterable[str] = (),
    forward_keys: bool = False,
    font_css: str = "",
) -> folium.Map:
    """The base map: outlines, styles and an empty legend, and nothing that depends on the date,
    the filters or the selection. Those come in a view_layer, applied in place.

    So the map's page stays the same from view to view and streamlit-folium never reloads it:
    Play, a filter or a click recolours the drawn countries instead of blanking the frame.
    With `outlines` the browser fetches the outlines from the app (starting before Leaflet has
    loaded); without it they are embedded (standalone exports, tests). `large_type` sizes the
    legend and tooltips for a projector. `fit_codes` frames the first view (every country that
    appears in the ledger: Djibouti to Tonga). `forward_keys` hands the arrow keys and Esc to the
    page around the map, so the tour steps wherever focus is (presentation mode). `font_css` is
    an @font-face for MAP_JAPANESE_FAMILY (the Japanese web font), for maps in Japanese.
    """
    m = folium.Map(
        location=None,
        tiles=None,  # no tile server: the app must work with the network unplugged
        min_zoom=1,
        max_zoom=8,
        max_bounds=True,
        min_lat=-85,  # room below the Pacific for a view lifted above the legend
        max_lat=85,
        # Wide enough for a view pushed beside the legend to stay where FitToWindow put it.
        min_lon=total_bounds(countries)[0] - MAX_BOUNDS_MARGIN_DEGREES,
        max_lon=total_bounds(countries)[2] + MAX_BOUNDS_MARGIN_DEGREES,
        world_copy_jump=False,
        zoom_snap=0.25,
        control_scale=False,
        keyboard=not forward_keys,  # on a tour the arrow keys step the tour, not pan the map
        # A zoom animation still running when a view is fitted would end on its own zoom level,
        # not the fitted one; on a projector an instant change reads better anyway.
        zoom_animation=False,
    )
    # The iframe loads exactly these: local Leaflet, nothing else (no jQuery, Bootstrap or fonts).
    # streamlit-folium loads scripts one after another, so the outline fetch is started first
    # and runs while Leaflet loads.
    m.default_js = [("leaflet", leaflet.js)]
    if outlines:
        m.default_js.insert(0, ("outlines", outlines.prefetch_script))
    m.default_css = [("leaflet_css", leaflet.css)]
    m.get_root().header.add_child(RawHtml(_MAP_CSS))
    if font_css:
        m.get_root().header.add_child(RawHtml(f"<style>{font_css}</style>"))
    CountryLayer(
        geometry_url=outlines.geometry if outlines else None,
        inline_geometry=None if outlines else json.loads(geometry_json(countries)),
        forward_keys=forward_keys,
        lang=lang,
    ).add_to(m)
    m.get_root().html.add_child(
        RawHtml(
            f'<div id="osa-legend" class="osa-legend{" large" if large_type else ""}" role="region" '
            f'aria-label="{html.escape(t("legend.label", lang))}" aria-live="polite"></div>'
        )
    )
    first_view = first_view_bounds(countries, fit_codes)
    m.fit_bounds(first_view)
    FitToWindow(first_view).add_to(m)
    return m


def view_layer(snapshot: Snapshot, countries: pd.DataFrame, focus: MapFocus | None = None) -> folium.FeatureGroup:
    """What a view shows on the base map, as one small script (view_state, applied in the browser).

    streamlit-folium re-runs this group's script when it changes, without reloading the map.
    With a `focus` the map fits its bounds in the part of the map the legend leaves free.
    """
    group = folium.FeatureGroup(name="view", control=False)
    group.add_child(ApplyView(view_state(snapshot, countries)))
    group.add_child(FitView(focus))  # after the legend: it measures it
    return group


def view_state(snapshot: Snapshot, countries: pd.DataFrame) -> dict:
    """Each country's fill and tooltip, circles on small recipients, the legend and the selected
    country: what window.osaApplyView needs. Filtered-out recipients look like non-recipients;
    the legend counts them as hidden."""
    shown = {r.iso3: r for r in snapshot.shown}
    looks = {}
    for iso3, fallback_name in zip(countries["iso3"], countries["name"], strict=True):
        name = snapshot.names.get(iso3, fallback_name)
        recipient = shown.get(iso3)
        if recipient:
            fill, detail = recipient.colour, f"{recipient.cohort_label} · {recipient.status_label}"
        else:
            fill, detail = NON_RECIPIENT_FILL, t("map.not_recipient", snapshot.lang)
        looks[iso3] = {"fill": fill, "tooltip": tooltip_html(name, iso3, detail)}
    small = countries[(countries["area_km2"] < SMALL_STATE_AREA_KM2) & countries["iso3"].isin(shown)]
    return {
        "looks": looks,
        "markers": [[iso3, lat, lon] for iso3, lat, lon in small[["iso3", "lat", "lon"]].itertuples(index=False)],
        "legend": legend_html(snapshot),
        "selected": snapshot.details.iso3 if snapshot.details else None,
    }


def legend_html(snapshot: Snapshot) -> str:
    """The legend inside the map (it travels with screenshots): a count per cohort, and how many
    recipients the filters hide, so a filtered map never claims a cohort is empty."""
    lang = snapshot.lang
    rows = []
    for cohort in snapshot.cohorts:
        hidden = (
            f' <span class="hidden">({html.escape(tn("filters.hidden", lang, cohort.hidden))})</span>'
            if cohort.hidden
            else ""
        )
        rows.append(
            f'<li><span class="swatch" style="background:{html.escape(cohort.colour)}"></span>'
            f'<span>{html.escape(cohort.label)}{hidden}</span> <span class="count">{cohort.shown}</span></li>'
        )
    rows.append(
        f'<li><span class="swatch" style="background:{NON_RECIPIENT_FILL}"></span>'
        f"{html.escape(t('legend.not_recipient', lang))}</li>"
    )
    filters = f'<div class="note">{html.escape(snapshot.filters_text())}</div>' if snapshot.filter_labels else ""
    return (
        f'<div class="title">{html.escape(t("legend.title", lang, date=format_date(snapshot.as_of, lang)))}</div>'
        f"<ul>{''.join(rows)}</ul>{filters}"
        f'<div class="note">{html.escape(t("legend.note", lang))}</div>'
    )


# "div." outranks leaflet.css's own .leaflet-container rule whichever stylesheet comes last.
# Views are fitted beside or above the legend (FitToWindow), so it never covers what is shown. On a
# projector the legend is a low strip along the bottom: large type, and the most map left above it.
_FONTS = f'system-ui, -apple-system, "Segoe UI", "{MAP_JAPANESE_FAMILY}", sans-serif'
_MAP_CSS = f"""<style>
div.leaflet-container {{ background: {SEA_COLOUR}; font-family: {_FONTS}; }}
.leaflet-tooltip {{ font-size: 14px; line-height: 1.35; }}
.osa-legend {{ position: absolute; left: 10px; bottom: 22px; z-index: 1000; background: rgba(255,255,255,0.94);
  padding: 8px 12px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.25);
  font: 14px/1.4 {_FONTS}; color: #222; max-width: 300px; }}
.osa-legend .title {{ font-weight: 600; margin-bottom: 4px; }}
.osa-legend ul {{ list-style: none; margin: 0; padding: 0; }}
.osa-legend li {{ display: flex; align-items: center; gap: 8px; }}
.osa-legend .swatch {{ display: inline-block; flex: none; width: 16px; height: 16px; border-radius: 3px;
  border: 1px solid rgba(0,0,0,0.25); }}
.osa-legend .count {{ margin-left: auto; padding-left: 12px; font-variant-numeric: tabular-nums; font-weight: 600; }}
.osa-legend .hidden {{ color: #555; font-weight: 400; }}
.osa-legend:empty {{ display: none; }}
.osa-legend .note {{ margin-top: 4px; font-size: 12px; color: #555; }}
.osa-legend.large {{ right: 10px; bottom: 20px; max-width: none; font-size: 17px; padding: 6px 12px; }}
.osa-legend.large ul {{ display: flex; flex-wrap: wrap; gap: 2px 22px; }}
.osa-legend.large .count {{ margin-left: 0; padding-left: 0; }}
.osa-legend.large .swatch {{ width: 18px; height: 18px; }}
.osa-legend.large .note {{ display: inline; font-size: 14px; color: #222; margin-right: 12px; }}
.osa-legend.large .title {{ display: inline; margin-right: 12px; }}
.osa-legend.large ul {{ margin-top: 2px; }}
.osa-legend.compact {{ right: 10px; bottom: 20px; max-width: none; padding: 4px 10px; }}
.osa-legend.compact .title, .osa-legend.compact .note {{ display: none; }}
.osa-legend.compact ul {{ display: flex; flex-wrap: wrap; gap: 0 16px; margin-top: 0; }}
.osa-legend.compact .count {{ margin-left: 0; padding-left: 0; }}
</style>"""
