"""Keyboard and screen-reader access to the web map (issue 13), and what it says in each language.

One tab stop, the map's container: from it the arrow keys walk the recipients west to east
(Djibouti to Tonga), each announced in a live region, and Enter or Space opens one exactly as a
click does. Buttons stand in for dragging (WCAG 2.5.7); on a phone the legend folds behind one.
In presentation mode the tour's keys are handed to the page around the map.

A concern of its own, so a module of its own; but not a Leaflet layer of its own: KEYBOARD_SCRIPT
is a piece of render.leaflet_layer.CountryLayer's script and runs inside its closure. It uses the
layer's `map`, `layers`, `state`, `look`, `container`, `cursor`, `markers`, `restyle`, `drawHalos`
and `choose`, and gives the layer `recipients`, `announcer`, `labelContainer`, `labelControls`
and `noTabStops`, which each view's apply() calls. Its Jinja fields are CountryLayer's.
"""

from __future__ import annotations

from osa_map.i18n import LANGUAGES, t

# The keyboard's place on the map: dashed, so it never reads as the selection. It sits on the
# same white halo as the selection's outline (render.leaflet_layer.HALO_COLOUR).
FOCUS_OUTLINE = "#1a56db"
# What the keyboard layer says and shows, in every language: the map frame follows the page's
# <html lang> (osa_map.ui.a11y sets it), so one map serves both.
MAP_TEXT_KEYS = (
    "map_label",
    "map_keys",
    "map_keys_present",
    "position",
    "no_recipients",
    "controls",
    "zoom_in",
    "zoom_out",
    "show_all",
    "pan_up",
    "pan_down",
    "pan_left",
    "pan_right",
    "legend_toggle",
)


def map_texts() -> dict[str, dict[str, str]]:
    """{lang: {name: text}} for the keyboard layer; `position` keeps its {fields} for the browser."""
    return {lang: {name: t(f"a11y.{name}", lang) for name in MAP_TEXT_KEYS} for lang in LANGUAGES}


# Placed in CountryLayer's script after choose() (see the module's docstring for what it shares).
KEYBOARD_SCRIPT = """
  // --- Keyboard and screen readers (issue 13): render.map_keyboard. The shapes themselves are
  // never tab stops.
  const texts = {{ this.texts | tojson }};
  const forwardKeys = {{ "true" if this.forward_keys else "false" }};
  function lang() {
    {% if this.lang %}return {{ this.lang | tojson }};{% else %}
    try {
      const page = window.parent.document.documentElement.lang;
      if (texts[page]) return page;
    } catch (error) { /* a map embedded elsewhere uses its own language */ }
    return texts[document.documentElement.lang] ? document.documentElement.lang : "en";{% endif %}
  }
  const say = (name) => texts[lang()][name];
  function placeOf(iso3) {
    const marker = state.markers.find((row) => row[0] === iso3);
    return marker ? L.latLng(marker[1], marker[2]) : layers[iso3].getBounds().getCenter();
  }
  function recipients() {
    return Object.keys(layers)
      .filter((iso3) => state.looks[iso3] && state.looks[iso3].fill !== "{{ this.non_recipient }}")
      .map((iso3) => [iso3, placeOf(iso3).lng])
      .sort((a, b) => a[1] - b[1])
      .map((row) => row[0]);
  }
  function noTabStops() {
    // Chromium makes every clickable SVG path a tab stop (242 of them, most unnamed): the container
    // and the keyboard layer are the route for keyboards and screen readers.
    for (const pane of [map.getPanes().overlayPane, map.getPanes().markerPane]) {
      pane.setAttribute("aria-hidden", "true");
      for (const element of pane.querySelectorAll("path, svg")) {
        element.setAttribute("tabindex", "-1");
        element.setAttribute("focusable", "false");
      }
    }
  }
  const announcer = L.DomUtil.create("div", "osa-announce", container);
  announcer.id = "osa-announce";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  const keyHelp = L.DomUtil.create("div", "osa-sr", container);
  keyHelp.id = "osa-map-keys";
  function describe(iso3, list) {
    const [namePart, detailPart] = look(iso3).tooltip.split("<br>");
    const text = (markup) => {
      const box = document.createElement("div");
      box.innerHTML = markup || "";  // our own escaped tooltip (render.webmap.tooltip_html)
      return box.textContent;
    };
    return say("position").replace("{name}", text(namePart)).replace("{detail}", text(detailPart))
      .replace("{index}", String(list.indexOf(iso3) + 1)).replace("{count}", String(list.length));
  }
  function reveal(iso3) {
    // Keep the country in sight and clear of the legend and the buttons (WCAG 2.4.11).
    const place = placeOf(iso3);
    const point = map.latLngToContainerPoint(place);
    const size = map.getSize();
    const frame = container.getBoundingClientRect();
    const margin = 30;
    let hidden = point.x < margin || point.y < margin || point.x > size.x - margin || point.y > size.y - margin;
    for (const element of document.querySelectorAll(".osa-legend, .osa-controls, .osa-announce")) {
      const box = element.getBoundingClientRect();
      if (!box.width || getComputedStyle(element).display === "none") continue;
      const x = point.x + frame.left, y = point.y + frame.top;
      if (x > box.left - 12 && x < box.right + 12 && y > box.top - 12 && y < box.bottom + 12) hidden = true;
    }
    if (hidden) map.panTo(place, {animate: false});
  }
  function moveCursor(iso3, list) {
    const previous = cursor;
    cursor = iso3;
    restyle(previous);
    restyle(iso3);
    drawHalos();
    reveal(iso3);
    announcer.textContent = describe(iso3, list);
    container.dataset.cursor = iso3;  // for tests: where the keyboard is
  }
  // folium's page forbids pinch-zoom (user-scalable=no), which a phone's reader may need (1.4.4).
  const viewport = document.querySelector('meta[name="viewport"]');
  if (viewport) viewport.content = "width=device-width, initial-scale=1.0";
  function labelContainer() {
    document.documentElement.lang = lang();
    container.tabIndex = 0;
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", say("map_label"));
    container.setAttribute("aria-describedby", "osa-map-keys");
    keyHelp.textContent = say(forwardKeys ? "map_keys_present" : "map_keys");
  }
  function showAll() {
    const list = recipients();
    if (!list.length) return;
    let bounds = L.latLngBounds([]);
    for (const iso3 of list) bounds = bounds.extend(layers[iso3].getBounds());
    map.fitBounds(bounds, {padding: [20, 20]});
  }
  document.addEventListener("keydown", (event) => {
    if (document.activeElement !== container || event.altKey || event.ctrlKey || event.metaKey) return;
    const list = recipients();
    const here = list.indexOf(cursor);
    let next = null;
    switch (event.key) {
      case "ArrowRight": case "ArrowDown":
        if (forwardKeys && event.key === "ArrowRight") return;  // presentation: Right steps the tour
        next = here + 1; break;
      case "ArrowLeft": case "ArrowUp":
        if (forwardKeys && event.key === "ArrowLeft") return;
        next = here < 0 ? list.length - 1 : here - 1; break;
      case "Home": next = 0; break;
      case "End": next = list.length - 1; break;
      case "Enter": case " ":
        if (!cursor) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        choose(cursor);
        return;
      case "+": case "=": if (!forwardKeys) return; map.zoomIn(); event.preventDefault(); return;
      case "-": case "_": if (!forwardKeys) return; map.zoomOut(); event.preventDefault(); return;
      default: return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();  // Leaflet would pan; the tour would step
    if (!list.length) { announcer.textContent = say("no_recipients"); return; }
    moveCursor(list[(next + list.length) % list.length], list);
  }, true);
  container.addEventListener("focus", () => {
    if (cursor && recipients().includes(cursor)) reveal(cursor);
  });
  // Buttons for what dragging does (WCAG 2.5.7), as one toolbar: one tab stop, the arrow keys
  // move between its buttons. Each is 28x28 CSS px.
  const Controls = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function () {
      const bar = L.DomUtil.create("div", "osa-controls");
      bar.setAttribute("role", "toolbar");
      // Leaflet's own zoom buttons sit above this pad; the pad is a compass rose around "show all".
      const actions = [
        [null], ["pan_up", "\u2191", () => map.panBy([0, -150])], [null],
        ["pan_left", "\u2190", () => map.panBy([-150, 0])], ["show_all", "\u2922", showAll],
        ["pan_right", "\u2192", () => map.panBy([150, 0])],
        [null], ["pan_down", "\u2193", () => map.panBy([0, 150])], [null],
      ];
      actions.forEach(([name, symbol, act]) => {
        if (!name) { L.DomUtil.create("span", "", bar); return; }
        const button = L.DomUtil.create("button", "osa-" + name.replace("_", "-"), bar);
        button.type = "button";
        button.textContent = symbol;
        button.dataset.text = name;
        button.tabIndex = name === "pan_up" ? 0 : -1;
        L.DomEvent.on(button, "click", (event) => { L.DomEvent.stop(event); act(); });
      });
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.disableScrollPropagation(bar);
      bar.addEventListener("keydown", (event) => {
        const buttons = [...bar.querySelectorAll("button")];
        const here = buttons.indexOf(document.activeElement);
        const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[event.key];
        const target = event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1
          : step ? (here + step + buttons.length) % buttons.length : null;
        if (target === null || here < 0) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        buttons.forEach((button, index) => { button.tabIndex = index === target ? 0 : -1; });
        buttons[target].focus();
      }, true);
      return bar;
    },
  });
  new Controls().addTo(map);
  const legendToggle = document.createElement("button");
  legendToggle.type = "button";
  legendToggle.className = "osa-legend-toggle";
  legendToggle.setAttribute("aria-controls", "osa-legend");
  legendToggle.setAttribute("aria-expanded", "false");
  legendToggle.addEventListener("click", () => {
    const open = !document.body.classList.contains("osa-legend-open");
    document.body.classList.toggle("osa-legend-open", open);
    legendToggle.setAttribute("aria-expanded", String(open));
  });
  document.body.appendChild(legendToggle);
  function labelControls() {
    for (const button of container.querySelectorAll(".osa-controls button")) {
      button.setAttribute("aria-label", say(button.dataset.text));
      button.title = say(button.dataset.text);
    }
    container.querySelector(".osa-controls").setAttribute("aria-label", say("controls"));
    const zoomButtons = [["zoom_in", ".leaflet-control-zoom-in"], ["zoom_out", ".leaflet-control-zoom-out"]];
    for (const [name, selector] of zoomButtons) {
      const button = container.querySelector(selector);  // Leaflet's own, labelled in English
      if (button) { button.setAttribute("aria-label", say(name)); button.title = say(name); }
    }
    legendToggle.textContent = say("legend_toggle");
  }
  const style = document.createElement("style");
  style.textContent = {{ this.css | tojson }};
  document.head.appendChild(style);
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
  // --- end of the keyboard access
"""


# The keyboard layer's look, added by its script (the base map's own CSS is render.webmap's). Focus
# is a 3 px blue ring (5.6:1 on the sea); buttons are 28 px; under 560 px the legend folds behind a
# button so it does not cover a quarter of a phone's map.
KEYBOARD_CSS = f"""
.leaflet-container:focus {{ outline: none; }}
.leaflet-container:focus-visible {{ outline: 3px solid {FOCUS_OUTLINE} !important; outline-offset: -3px; }}
.osa-sr {{ position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
.osa-announce {{ position: absolute; z-index: 1001; top: 10px; left: 50%; transform: translateX(-50%);
  max-width: calc(100% - 220px); background: #ffffff; color: #111111; border: 2px solid {FOCUS_OUTLINE};
  border-radius: 6px; padding: 4px 10px; font: 600 15px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif;
  pointer-events: none; }}
.osa-announce:empty, .leaflet-container:not(:focus) .osa-announce {{ display: none; }}
.osa-controls {{ display: grid; grid-template-columns: repeat(3, 28px); gap: 2px; }}
.osa-controls button, .osa-legend-toggle {{ min-width: 28px; height: 28px; padding: 0 6px; margin: 0;
  font: 600 17px/1 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111111; background: #ffffff;
  border: 1px solid #767676; border-radius: 4px; cursor: pointer; }}
.osa-controls button:hover, .osa-legend-toggle:hover {{ background: #f0f0f0; }}
.osa-controls button:focus-visible, .osa-legend-toggle:focus-visible {{
  outline: 3px solid {FOCUS_OUTLINE}; outline-offset: 1px; }}
.leaflet-control-attribution a {{ display: inline-block; min-height: 24px; line-height: 24px; }}
.osa-legend-toggle {{ display: none; position: absolute; z-index: 1001; left: 10px; bottom: 22px; font-size: 15px; }}
@media (max-width: 560px) {{
  .osa-legend-toggle {{ display: block; }}
  .osa-legend {{ display: none; }}
  body.osa-legend-open .osa-legend:not(:empty) {{ display: block; bottom: 56px; max-width: calc(100% - 40px); }}
  .osa-announce {{ max-width: calc(100% - 90px); top: auto; bottom: 60px; font-size: 14px; }}
}}
"""
