"""The browser side of the web map: Leaflet layers written as folium elements.

CountryLayer draws every country once and exposes `window.osaApplyView(state)`, which recolours
the drawn countries in place; ApplyView carries one view's state to it. Keeping the view out of
the base map is what lets Play, filters and Back recolour the map without streamlit-folium
reloading (and blanking) its frame.
"""

from __future__ import annotations

from branca.element import Element, MacroElement
from jinja2 import Template

# Colours the browser needs as well as the renderers (render.webmap re-exports them).
NON_RECIPIENT_FILL = "#d9d9d9"
BORDER_COLOUR = "#ffffff"
SELECTED_OUTLINE = "#111111"


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
    return {fillColor: look(iso3).fill, fillOpacity: 1, color: "{{ this.border }}", weight: 0.7};
  }
  function outline(iso3) {
    if (selected && layers[selected]) layers[selected].setStyle(baseStyle(selected));
    selected = iso3;
    if (iso3 && layers[iso3]) {
      layers[iso3].setStyle({color: "{{ this.selected_colour }}", weight: 3});
      layers[iso3].bringToFront();
    }
  }
  function choose(iso3) {
    outline(iso3);
    clicks += 1;
    if (window.Streamlit) window.Streamlit.setComponentValue({country: iso3, click: clicks});
  }
  function apply() {
    const legend = document.getElementById("osa-legend");
    if (legend) legend.innerHTML = state.legend;
    if (!drawn) return;
    for (const iso3 in layers) layers[iso3].setStyle(baseStyle(iso3));
    circles.clearLayers();
    for (const [iso3, lat, lon] of state.markers) {
      L.circleMarker([lat, lon], {
        radius: 8, color: "{{ this.border }}", weight: 2, fillColor: look(iso3).fill, fillOpacity: 1,
      }).bindTooltip(() => look(iso3).tooltip).on("click", () => choose(iso3)).addTo(circles);
    }
    outline(state.selected);
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
        layer.on("mouseover", () => iso3 !== selected && layer.setStyle({color: "#333333", weight: 2}));
        layer.on("mouseout", () => iso3 !== selected && layer.setStyle(baseStyle(iso3)));
      },
    }).addTo(map);
    drawn = true;
    apply();
    map.getContainer().dataset.drawMs = String(Math.round(performance.now() - started));
    // When the countries were drawn (ms since the map frame opened): read by bench/ and tests.
    map.getContainer().dataset.countriesDrawnAt = String(Math.round(performance.now()));
  }
  {% if this.forward_keys %}
  // Presentation mode: the tour's keys work wherever focus is, the map included. The page's own
  // shortcut handler listens on the parent document (same origin: the component is served by the app).
  // Key up as well as key down: the handler keeps track of which keys are held.
  for (const type of ["keydown", "keyup"]) {
    document.addEventListener(type, (event) => {
      if (!["ArrowLeft", "ArrowRight", "Escape"].includes(event.key)) return;
      try {
        // keyCode too: Streamlit's shortcut handler reads it.
        const init = {key: event.key, code: event.code, keyCode: event.keyCode, which: event.which, bubbles: true};
        window.parent.document.body.dispatchEvent(new KeyboardEvent(type, init));
        event.preventDefault();
      } catch (error) { /* a page that embeds the map from elsewhere keeps the map's own keys */ }
    });
  }
  {% endif %}
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
"""
    )

    def __init__(self, geometry_url: str | None, inline_geometry: dict | None, forward_keys: bool = False) -> None:
        super().__init__()
        self._name = "CountryLayer"
        self.geometry_url = geometry_url
        self.inline_geometry = inline_geometry
        self.forward_keys = forward_keys
        self.border = BORDER_COLOUR
        self.selected_colour = SELECTED_OUTLINE
        self.non_recipient = NON_RECIPIENT_FILL


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
