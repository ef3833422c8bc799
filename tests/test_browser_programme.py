"""The Programme page's charts in Chromium at 1280x720, in English and Japanese (issue 12).

Read from the charts' SVG, not by eye: every chart is tall enough to read, no two texts print
over each other, no text runs off the chart or is cut short ("…"), every bar of the totals has
its label and is thick enough to tell apart, and the timeline names every country it plots.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from osa_map.paths import DATA_DIR

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 60_000
CHART = '[data-testid="stVegaLiteChart"]'
MIN_CHART_HEIGHT_PX = 200
MIN_BAR_THICKNESS_PX = 24

CHART_FACTS_JS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map((chart) => {
  const box = chart.getBoundingClientRect();
  const texts = [...chart.querySelectorAll('svg text')].filter((t) => t.textContent.trim()).map((t) => {
    const r = t.getBoundingClientRect();
    const axisLabel = !!t.closest('g.role-axis-label');
    return {text: t.textContent, axisLabel, l: r.left, r: r.right, t: r.top, b: r.bottom};
  });
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i], b = texts[j];
    if (a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1) overlaps.push(a.text + ' / ' + b.text);
  }
  return {
    height: box.height,
    bars: [...chart.querySelectorAll('g.mark-rect path')].map((p) => {
      const r = p.getBoundingClientRect(); return {width: r.width, height: r.height};
    }),
    labels: texts.filter((t) => t.axisLabel).map((t) => t.text),
    overlaps,
    outside: texts.filter((t) => t.l < box.left - 1 || t.r > box.right + 1).map((t) => t.text),
    cut: texts.filter((t) => t.text.endsWith('…')).map((t) => t.text),
  };
})"""


def _countries_with_dated_notes(today: date) -> int:
    packages = pd.read_csv(DATA_DIR / "packages.csv", dtype=str)
    dated = packages[packages["notes_date"].notna() & (packages["notes_date"] <= today.isoformat())]
    return dated["iso3"].nunique()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_charts_are_legible_on_a_1280x720_screen_share(app_server, page, lang):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_server.url}/programme?lang={lang}", timeout=LOAD_TIMEOUT_MS)
    charts, texts = f"document.querySelectorAll('{CHART}')", f"document.querySelectorAll('{CHART} svg text')"
    drawn = f"{charts}.length == 4 && {texts}.length > 20"
    page.wait_for_function(drawn, timeout=LOAD_TIMEOUT_MS)
    budget, by_cohort, by_category, timeline = page.evaluate(CHART_FACTS_JS)
    for name, chart in (("budget", budget), ("cohort", by_cohort), ("category", by_category), ("timeline", timeline)):
        assert chart["height"] >= MIN_CHART_HEIGHT_PX, f"{name}: squashed to {chart['height']} px"
        assert chart["overlaps"] == [], f"{name}: texts print over each other: {chart['overlaps']}"
        assert chart["outside"] == [], f"{name}: texts run off the chart: {chart['outside']}"
        assert chart["cut"] == [], f"{name}: texts cut short: {chart['cut']}"
    # The budget: one bar per fiscal year, wide enough to read its amount above it.
    assert len(budget["bars"]) >= 4 and min(bar["width"] for bar in budget["bars"]) >= 80
    # The totals: every bar labelled, none a sliver.
    for name, chart in (("cohort", by_cohort), ("category", by_category)):
        names = [label for label in chart["labels"] if not label.replace(",", "").isdigit()]
        assert len(names) == len(chart["bars"]) >= 2, f"{name}: {len(names)} labels for {len(chart['bars'])} bars"
        assert min(bar["height"] for bar in chart["bars"]) >= MIN_BAR_THICKNESS_PX, f"{name}: {chart['bars']}"
    # The timeline: a row, with its name, for each country with a dated exchange of notes.
    dates_and_names = [label for label in timeline["labels"] if not label[:4].isdigit()]
    assert len(dates_and_names) == _countries_with_dated_notes(date.today())
