"""Build the folium map from validated frames: frames in, map out, no Streamlit.

The map is drawn in a Pacific-centred frame (see boundaries.to_pacific_frame), the way maps
are drawn in Japan: Djibouti to Fiji and Tonga in one continuous view, Fiji never split.

Speed shapes the design (see docs/performance.md). The country outlines never change while
the app runs, so the browser fetches them once as a cached static file; the map script carries
only each country's colour and tooltip (~20 KB instead of ~500 KB per rerun). Clicks are sent
to Streamlit straight from our own Leaflet layer as {"country": ISO3, "click": n}, skipping
streamlit-folium's 250 ms debounce, and the selection outline is drawn in the browser.
Countries are identified by ISO3 code throughout, never by name.
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
from branca.element import MacroElement
from jinja2 import Template

from osa_map.data.boundaries import area_km2, representative_points, to_pacific_frame, total_bounds
from osa_map.i18n import Language, format_date, status_label, t, tn
from osa_map.model.snapshot import Snapshot
from osa_map.render.assets import LeafletUrls
from osa_map.render.leaflet_layer import (
    NON_RECIPIENT_FILL,
    ApplyView,
    CountryLayer,
    RawHtml,
)

SEA_COLOUR = "#e8eff5"
MAP_JAPANESE_FAMILY = "OSA Japanese"  # after the system fonts: used for what they cannot draw
# Countries smaller than this get a circle marker on top, so a click target exists at every zoom.
SMALL_STATE_AREA_KM2 = 30_000
COORDINATE_DECIMALS = 3  # about 100 m: far finer than a world map can show
FIRST_VIEW_PADDING_DEGREES = 5.0
# The map's width in a 1280-1440 px window (the server cannot know the reader's); views are fitted
# to it, with some sea around a group of countries and its neighbours around a lone one.
TYPICAL_MAP_WIDTH_PX = 800
GROUP_MARGIN, LONE_COUNTRY_MARGIN = 1.15, 2.0
# The outlines are simplified for a world map and look coarse when zoomed in further.
MAX_VIEW_ZOOM = 4.5
# The map fills the window below its top edge (less this gap), but never shrinks below the minimum:
# a 720 px screen share shows the whole map, a 1080 px screen a larger one.
MAP_MIN_HEIGHT_PX, MAP_WINDOW_GAP_PX = 320, 12
FALLBACK_MAP_HEIGHT_PX = 440  # until the browser has measured the window
# Pixels kept clear between a fitted view and the map's edges or the legend.
FIT_GAP_PX = 12
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


@dataclass(frozen=True)
class MapFocus:
    """Where the map should look: used to open on a country picked from the search box or a link."""

    center: tuple[float, float]
    zoom: float  # in the map's quarter steps (zoom_snap)
    # [[south, west], [north, east]]: what the browser fits into the part of the map the legend
    # leaves free, at the map's real size (center and zoom assume a typical map width).
    bounds: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 0.0), (0.0, 0.0))
    # The countries themselves (without the neighbours around a lone one): what must stay clear
    # of the legend.
    core: tuple[tuple[float, float], tuple[float, float]] | None = None


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


def recipient_detail(cohort: str, status: str, lang: Language = "en") -> str:
    return f"{cohort} · {status_label(status, lang)}"


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


class FitToWindow(MacroElement):
    """Sizes the map to the browser window and fits views into the part the legend leaves free.

    The server cannot know the reader's window, so the map frame measures it: the frame grows to
    the window's bottom edge, and again on every resize, and the current view is fitted again.
    `window.osaFitView(bounds)` (called by each view's FitView) fits bounds beside or above the
    legend, whichever side leaves the larger map, so the legend never covers what is shown.
    The frame is served by the app (same origin), so it may size itself in the page around it.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  const map = {{ this._parent.get_name() }};
  const gap = {{ this.gap }};
  let target = {{ this.first_view | tojson }};
  function legendBox() {
    const legend = document.getElementById("osa-legend");
    if (!legend || !legend.innerHTML) return null;
    const box = legend.getBoundingClientRect(), frame = map.getContainer().getBoundingClientRect();
    return {left: box.left - frame.left, right: box.right - frame.left,
            top: box.top - frame.top, bottom: box.bottom - frame.top};
  }
  // The padding that keeps the legend out of the fitted area: clear of it on its left, right, top
  // or bottom side, whichever allows the closest zoom.
  function padding(bounds) {
    const size = map.getSize(), box = legendBox();
    const plain = {topLeft: [gap, gap], bottomRight: [gap, gap]};
    if (!box) return plain;
    // Above or below the legend first: on a tie the view moves north or south, not sideways.
    const choices = [
      {topLeft: [gap, gap], bottomRight: [gap, size.y - box.top + gap]},
      {topLeft: [gap, box.bottom + gap], bottomRight: [gap, gap]},
      {topLeft: [box.right + gap, gap], bottomRight: [gap, gap]},
      {topLeft: [gap, gap], bottomRight: [size.x - box.left + gap, gap]},
    ];
    let best = null;
    for (const choice of choices) {
      const free = L.point(choice.topLeft).add(choice.bottomRight);
      if (free.x >= size.x - 40 || free.y >= size.y - 40) continue;
      choice.zoom = map.getBoundsZoom(bounds, false, free);
      if (!best || choice.zoom > best.zoom) best = choice;
    }
    return best || {...plain, zoom: -Infinity};
  }
  // A legend that would cost more than a quarter zoom step (a small map: a narrow window, a short
  // screen) is folded into a strip of swatches and counts along the bottom; the date it omits is
  // on the timeline's button above the map.
  function project(latlng, centre, zoom) {
    return map.project(latlng, zoom).subtract(map.project(centre, zoom)).add(map.getSize().divideBy(2));
  }
  // Whether the core (the country or countries a view presents) is fully in the map and clear of
  // the legend when the map shows `centre` at `zoom`.
  function clear(core, centre, zoom) {
    const size = map.getSize(), box = legendBox();
    const nw = project(core.getNorthWest(), centre, zoom), se = project(core.getSouthEast(), centre, zoom);
    const inside = nw.x >= 0 && nw.y >= 0 && se.x <= size.x && se.y <= size.y;
    return inside && (!box || se.x <= box.left || nw.x >= box.right || se.y <= box.top || nw.y >= box.bottom);
  }
  function fit() {
    if (!target) return;
    map.invalidateSize({pan: false, animate: false});  // fitting needs the map's size as it is now
    const view = Array.isArray(target) ? {bounds: target} : target;
    const bounds = L.latLngBounds(view.bounds), core = L.latLngBounds(view.core || view.bounds);
    const legend = document.getElementById("osa-legend");
    if (legend) legend.classList.remove("compact");
    const open = Math.min(map.getBoundsZoom(bounds, false, L.point(2 * gap, 2 * gap)), {{ this.max_zoom }});
    const centre = view.center ? L.latLng(view.center) : bounds.getCenter();
    let pad = null;
    if (clear(core, centre, open)) {
      // The view as framed (a lone country on its label point) already leaves the legend clear.
      map.setView(centre, open, {animate: false});
    } else {
      pad = padding(bounds);
      if (legend && legend.innerHTML && pad.zoom < open - 0.25) {
        legend.classList.add("compact");
        pad = padding(bounds);
      }
      map.fitBounds(bounds, {paddingTopLeft: pad.topLeft, paddingBottomRight: pad.bottomRight,
                             maxZoom: {{ this.max_zoom }}, animate: false});
    }
    // What was fitted, and around which legend box: read by the tests.
    map.getContainer().dataset.fittedView = JSON.stringify({view: view, padding: pad, legend: legendBox()});
  }
  window.osaFitView = function (bounds) {
    if (bounds) target = bounds;
    fit();
  };
  function size(refit = true) {
    const frame = window.frameElement;
    let height = window.innerHeight;
    try {
      // The frame's distance from the top of the page: Streamlit scrolls its main area, not the window.
      const scroller = frame.closest('[data-testid="stMain"]');
      const top = frame.getBoundingClientRect().top + (scroller ? scroller.scrollTop : 0) + window.parent.scrollY;
      height = Math.max({{ this.min_height }}, window.parent.innerHeight - top - {{ this.window_gap }});
      frame.style.height = height + "px";
    } catch (error) { /* embedded elsewhere: keep the frame's own size */ }
    const container = map.getContainer();
    const changed = container.style.height !== height + "px";
    container.style.height = height + "px";
    container.style.width = "100%";
    map.invalidateSize({animate: false});
    if (refit || changed) fit();
  }
  // The page above the map can change height (a caption, a tour step): each view checks the size.
  window.osaResize = () => size(false);
  size();
  let pending = null;
  const resized = () => { clearTimeout(pending); pending = setTimeout(size, 100); };
  try { window.parent.addEventListener("resize", resized); } catch (error) { /* not same origin */ }
  window.addEventListener("resize", resized);
  if (window.ResizeObserver) new ResizeObserver(resized).observe(map.getContainer());
  // Fonts arrive after the first fit and change the legend's size: fit again once they have.
  if (document.fonts) document.fonts.ready.then(() => size());
})();
{% endmacro %}
"""
    )

    def __init__(self, first_view: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitToWindow"
        self.first_view = first_view
        self.gap = FIT_GAP_PX
        self.max_zoom = MAX_VIEW_ZOOM
        self.min_height = MAP_MIN_HEIGHT_PX
        self.window_gap = MAP_WINDOW_GAP_PX


class FitView(MacroElement):
    """One view's framing: fit these bounds (FitToWindow does it), or keep the reader's own view.

    Run again whenever the view layer changes; it moves the map only when the framing changed,
    so Play or a filter does not undo the reader's panning.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  const bounds = {{ this.bounds | tojson }};
  const key = JSON.stringify(bounds);
  if (window.osaResize) window.osaResize();
  if (key !== window.osaLastFit && window.osaFitView) {
    // The first view is fitted again now that the legend is drawn; later, no bounds means a
    // click: the reader keeps their view.
    if (bounds || window.osaLastFit === undefined) window.osaFitView(bounds);
  }
  window.osaLastFit = key;
})();
{% endmacro %}
"""
    )

    def __init__(self, focus: MapFocus | None) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = (
            {
                "bounds": [list(corner) for corner in focus.bounds],
                "core": [list(corner) for corner in (focus.core or focus.bounds)],
                "center": list(focus.center),
            }
            if focus
            else None
        )


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


def first_view_bounds(countries: pd.DataFrame, codes: Iterable[str]) -> list[list[float]]:
    """[[south, west], [north, east]] framing these countries (Djibouti to Tonga), or the world."""
    chosen = countries[countries["iso3"].isin(set(codes))]
    if chosen.empty:
        chosen = countries
    west, south, east, north = total_bounds(chosen)
    pad = FIRST_VIEW_PADDING_DEGREES
    return [[south - pad, west - pad], [north + pad, east + pad]]


def view_of(countries: pd.DataFrame, iso3_codes: list[str]) -> MapFocus | None:
    """Centre and zoom that fit the given countries (one for a search, a cohort for the tour)."""
    chosen = countries[countries["iso3"].isin(iso3_codes)]
    if chosen.empty:
        return None
    west, south, east, north = total_bounds(chosen)
    margin = LONE_COUNTRY_MARGIN if len(chosen) == 1 else GROUP_MARGIN
    span = max(east - west, (north - south) * 1.6, 0.5) * margin  # the map is wider than tall
    # At zoom z Leaflet draws 360° of longitude across 256·2^z pixels: fit the span into the map's
    # width, in its quarter zoom steps.
    fitting = np.log2(360 * TYPICAL_MAP_WIDTH_PX / (256 * span))
    zoom = float(np.clip(np.floor(fitting * 4) / 4, 2, MAX_VIEW_ZOOM))
    if len(chosen) == 1:
        # A lone country: its neighbours around it (the margin), but the whole country in any case.
        lat, lon = float(chosen.iloc[0]["lat"]), float(chosen.iloc[0]["lon"])
        half_width, half_height = span / 2, span / 1.6 / 2
        bounds = (
            (min(south, lat - half_height), min(west, lon - half_width)),
            (max(north, lat + half_height), max(east, lon + half_width)),
        )
        core = ((south, west), (north, east))
        return MapFocus(center=(lat, lon), zoom=zoom, bounds=bounds, core=core)  # its label point: on land
    bounds = ((south, west), (north, east))
    return MapFocus(center=((south + north) / 2, (west + east) / 2), zoom=zoom, bounds=bounds)


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
