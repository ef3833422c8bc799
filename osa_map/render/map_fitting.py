"""Framing the web map: the map frame sized to the browser window, and each view fitted into
the part of the map the legend leaves free.

The server cannot know the reader's window, so the Python side frames a view for a typical map
width (view_of: centre, zoom and bounds) and the browser fits it again at the map's real size
(FitToWindow, run once with the base map; FitView, run with each view). Kept apart from
render.webmap, which draws the map: this is where a view is placed on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from osa_map.data.boundaries import total_bounds

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
  // The page around the frame moves it too: a web font arriving there (Japanese) can wrap the
  // tour's caption onto another line and push the map below the window. Watch the page's content
  // and its fonts; the view is fitted again only if the map's height had to change.
  let moved = null;
  const pageMoved = () => { clearTimeout(moved); moved = setTimeout(() => size(false), 100); };
  try {
    const page = window.parent.document;
    const content = page.querySelector('[data-testid="stMainBlockContainer"]');
    if (content && window.ResizeObserver) new ResizeObserver(pageMoved).observe(content);
    if (page.fonts) page.fonts.addEventListener("loadingdone", pageMoved);
  } catch (error) { /* embedded elsewhere: the window's own events suffice */ }
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
