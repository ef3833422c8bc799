"""Take the README's screenshots from a fresh server: `python scripts/screenshot.py [QUERY] [OUT.png] [WxH]`.

Examples:
    python scripts/screenshot.py                                  # docs/screenshot.png, 1440x860
    python scripts/screenshot.py "?present=1&step=PHL" docs/present-1280x720-philippines.png 1280x720
    python scripts/screenshot.py "data?as_of=2025-06-30" docs/data-1280x720.png 1280x720
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osa_map.paths import REPO_ROOT as APP_ROOT
from tests.support.browser import fence_offline, launch_chromium, start_app, wait_for_map


def main() -> None:
    query = sys.argv[1] if len(sys.argv) > 1 else ""
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else APP_ROOT / "docs" / "screenshot.png"
    width, height = (int(size) for size in (sys.argv[3] if len(sys.argv) > 3 else "1440x860").split("x"))
    from playwright.sync_api import sync_playwright

    server = start_app(Path(tempfile.mkdtemp(prefix="osa-shot-")))
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context(viewport={"width": width, "height": height})
            fence_offline(context, [])
            page = context.new_page()
            page.goto(f"{server.url}/{query}")
            if query.startswith(("data", "programme", "about")):  # a page without the map
                page.wait_for_selector('[data-testid="stTable"], [data-testid="stVegaLiteChart"] svg', timeout=60_000)
            else:
                wait_for_map(page)
            time.sleep(1.5)  # let the panel, fitted view and fonts settle
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.stop()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
