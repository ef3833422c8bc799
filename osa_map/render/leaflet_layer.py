"""The browser side of the web map: Leaflet layers written as folium elements.

CountryLayer draws every country once and exposes `window.osaApplyView(state)`, which recolours
the drawn countries in place; ApplyView carries one view's state to it. Keeping the view out of
the base map is what lets Play, filters and Back recolour the map without streamlit-folium
reloading (and blanking) its frame. The keyboard access inside CountryLayer's script is
render.map_keyboard's.
"""

from __future__ import annotations

from branca.element import Element, MacroElement
from jinja2 import Template

from osa_map.i18n import Language
from osa_map.render.map_keyboard import FOCUS_OUTLINE, KEYBOARD_CSS, KEYBOARD_SCRIPT, map_texts

# Colours the browser needs as well as the renderers (render.webmap re-exports them).
NON_RECIPIENT_FILL = "#d9d9d9"
BORDER_COLOUR = "#ffffff"
SELECTED_OUTLINE = "#111111"
# The selection's outline, and the keyboard's (render.map_keyboard.FOCUS_OUTLINE), sit on a white
# halo, so they show against any cohort fill, the grey of non-recipients and the sea.
HALO_COLOUR = "#ffffff"
# A small state's circle: 24 CSS px across at least (WCAG 2.2, 2.5.8 target size).
CIRCLE_RADIUS_PX = 12


class RawHtml(Element):
    """Already-escaped HTML placed as is.

    folium.Element(text) compiles `text` as a Jinja template: slow on every rerun, and CSV text
    holding "{{ ... }}" would be evaluated. Here the text is a value, never a template.
    """

    _template = Template("{{ this.html }}")

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self.html = html_text


class CountryLayer(MacroElement):
    """Every country as one Leaflet GeoJSON layer; a view_layer says how each one looks.

    `window.osaApplyView(state)` restyles the drawn countries in place (fill, tooltip), replaces
    the small-state circles and the legend, and outlines the selection; a state that arrives
    before the outlines is kept and applied when they are drawn. A click on a country or circle
    outlines it at once and sends {"country": ISO3, "click": n} to Streamlit; n makes a second
    click on the same country a new value.

    For keyboards and screen readers (issue 13) the map's container is the one tab stop: the
    arrow keys walk the recipients west to east, announced in a live region, and Enter sends
    the same value as a click. Its texts are in every language (map_texts); the layer speaks the
    page's language unless `lang` fixes it (a standalone export has no page around it). That
    script is render.map_keyboard's, placed where its marker stands: it shares this closure.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  const map = {{ this._parent.get_name() }};
  const layers = {};
  // Circles live in Leaflet's marker pane, above the countries' overlay pane.
  const circles = L.layerGroup().addTo(map);
  let state = window.osaPendingView || {looks: {}, markers: [], legend: "", selected: null};
  let selected = null;
  let clicks = 0;
  let drawn = false;

  function look(iso3) {
    return state.looks[iso3] || {fill: "{{ this.non_recipient }}", tooltip: ""};
  }
  function baseStyle(iso3) {
    return {fillColor: look(iso3).fill, fillOpacity: 1, color: "{{ this.border }}", weight: 0.7, dashArray: null};
  }
  // Shared with the keyboard access (render.map_keyboard, placed below): where the keyboard is,
  // the halos under outlines, and the small-state circles.
  const container = map.getContainer();
  let cursor = null;  // the recipient the keyboard is on
  const halos = L.layerGroup().addTo(map);
  const markers = {};
  function restyle(iso3) {
    if (!iso3 || !layers[iso3]) return;
    const style = baseStyle(iso3);
    if (iso3 === selected) Object.assign(style, {color: "{{ this.selected_colour }}", weight: 3.5});
    if (iso3 === cursor) {
      const colour = iso3 === selected ? "{{ this.selected_colour }}" : "{{ this.focus_colour }}";
      Object.assign(style, {color: colour, weight: 3.5, dashArray: "7 4"});
    }
    layers[iso3].setStyle(style);
    if (markers[iso3]) {
      markers[iso3].setStyle(iso3 === selected || iso3 === cursor
        ? {color: style.color, weight: 4, dashArray: style.dashArray}
        : {color: "{{ this.border }}", weight: 2, dashArray: null});
    }
  }
  function drawHalos() {
    // A white band under the outline of the selected and the keyboard's country, then the country
    // on top: the outline reads against dark and light neighbours alike, and the fill keeps its cohort colour.
    halos.clearLayers();
    for (const iso3 of new Set([selected, cursor])) {
      if (!iso3 || !layers[iso3]) continue;
      L.geoJSON(layers[iso3].toGeoJSON(), {
        interactive: false, style: {color: "{{ this.halo }}", weight: 9, opacity: 1, fill: false},
      }).addTo(halos);
    }
    for (const iso3 of [selected, cursor]) if (iso3 && layers[iso3]) layers[iso3].bringToFront();
    for (const iso3 of [selected, cursor]) if (iso3 && markers[iso3]) markers[iso3].bringToFront();
  }
  function outline(iso3) {
    const previous = selected;
    selected = iso3;
    restyle(previous);
    restyle(iso3);
    drawHalos();
  }
  function choose(iso3) {
    outline(iso3);
    clicks += 1;
    // On a phone the panel is below the map: the page scrolls to it when it has changed (ui/a11y.py).
    try { window.parent.osaPanelWanted = true; } catch (error) { /* not inside the app */ }
    if (window.Streamlit) window.Streamlit.setComponentValue({country: iso3, click: clicks});
  }
  /* KEYBOARD_SCRIPT */
  function apply() {
    const legend = document.getElementById("osa-legend");
    if (legend) legend.innerHTML = state.legend;
    labelContainer();
    labelControls();
    if (!drawn) return;
    for (const iso3 in layers) layers[iso3].setStyle(baseStyle(iso3));
    circles.clearLayers();
    for (const key in markers) delete markers[key];
    for (const [iso3, lat, lon] of state.markers) {
      markers[iso3] = L.circleMarker([lat, lon], {
        radius: {{ this.circle_radius }}, color: "{{ this.border }}", weight: 2,
        fillColor: look(iso3).fill, fillOpacity: 1,
      }).bindTooltip(() => look(iso3).tooltip).on("click", () => choose(iso3)).addTo(circles);
    }
    if (cursor && !recipients().includes(cursor)) { cursor = null; announcer.textContent = ""; }
    selected = null;
    outline(state.selected);
    restyle(cursor);
    drawHalos();
    noTabStops();
  }
  window.osaApplyView = function (next) {
    state = next;
    apply();
  };
  function draw(collection) {
    const started = performance.now();
    L.geoJSON(collection, {
      style: (feature) => baseStyle(feature.id),
      onEachFeature: (feature, layer) => {
        const iso3 = feature.id;
        layers[iso3] = layer;
        layer.bindTooltip(() => look(iso3).tooltip, {sticky: true});
        layer.on("click", () => choose(iso3));
        const marked = () => iso3 === selected || iso3 === cursor;
        layer.on("mouseover", () => marked() || layer.setStyle({color: "#333333", weight: 2}));
        layer.on("mouseout", () => marked() || layer.setStyle(baseStyle(iso3)));
      },
    }).addTo(map);
    drawn = true;
    apply();
    map.getContainer().dataset.drawMs = String(Math.round(performance.now() - started));
    // When the countries were drawn (ms since the map frame opened): read by bench/ and tests.
    map.getContainer().dataset.countriesDrawnAt = String(Math.round(performance.now()));
  }
  {% if this.inline_geometry %}
  draw({{ this.inline_geometry | tojson }});
  {% else %}
  const requested = performance.now();
  // Normally already under way: OutlineUrls.prefetch_script started it before Leaflet loaded.
  const outlines = window.osaOutlines || fetch({{ this.geometry_url | tojson }}).then((response) => response.json());
  outlines.then((collection) => {
    map.getContainer().dataset.geometryFetchMs = String(Math.round(performance.now() - requested));
    draw(collection);
  });
  {% endif %}
  apply();
})();
{% endmacro %}
""".replace("  /* KEYBOARD_SCRIPT */\n", KEYBOARD_SCRIPT)
    )

    def __init__(
        self,
        geometry_url: str | None,
        inline_geometry: dict | None,
        forward_keys: bool = False,
        lang: Language | None = None,
    ) -> None:
        """`lang` fixes the keyboard layer's language; without it the layer follows the page's."""
        super().__init__()
        self._name = "CountryLayer"
        self.geometry_url = geometry_url
        self.inline_geometry = inline_geometry
        self.forward_keys = forward_keys
        self.border = BORDER_COLOUR
        self.selected_colour = SELECTED_OUTLINE
        self.non_recipient = NON_RECIPIENT_FILL
        self.focus_colour = FOCUS_OUTLINE
        self.halo = HALO_COLOUR
        self.circle_radius = CIRCLE_RADIUS_PX
        self.lang = lang
        self.texts = map_texts()
        self.css = KEYBOARD_CSS


class ApplyView(MacroElement):
    # Before the base map has run, osaApplyView does not exist yet: the state waits for it.
    _template = Template(
        """
{% macro script(this, kwargs) %}
window.osaPendingView = {{ this.state | tojson }};
if (window.osaApplyView) { window.osaApplyView(window.osaPendingView); }
{% endmacro %}
"""
    )

    def __init__(self, state: dict) -> None:
        super().__init__()
        self._name = "ApplyView"
        self.state = state
