"""The standalone HTML map draws its countries in headless Chromium with the network cut off."""

from __future__ import annotations

from datetime import date

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.render.export import TITLE, standalone_html
from tests.helpers import snapshot_for
from tests.support.browser import DRAWN_COUNTRY_JS, fence_offline

pytestmark = pytest.mark.browser


def test_standalone_map_draws_offline(browser, tmp_path):
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 720}, service_workers="block")
    fence_offline(context, outside)
    try:
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_content(standalone_html(snapshot_for(load_dataset(), date(2026, 11, 24))), wait_until="load")
        page.wait_for_function(DRAWN_COUNTRY_JS, timeout=30_000)
        outlines = page.eval_on_selector_all(
            "path.leaflet-interactive",
            "paths => paths.map(p => p.getAttribute('d')).filter(d => d && d !== 'M0 0' && d.length > 20)",
        )
        assert len(outlines) > 150  # the world's countries plus the small-state circles
        assert "Not a recipient" in page.locator(".osa-legend").inner_text()
        assert TITLE in page.locator(".osa-title").inner_text()
        assert page.title().startswith(TITLE)
    finally:
        context.close()
    assert outside == [], f"the standalone map tried to reach the network: {outside}"
    assert errors == []
