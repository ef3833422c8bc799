"""Take the README's screenshot from a fresh server: `python scripts/screenshot.py [QUERY] [OUT.png]`.

Example: python scripts/screenshot.py "?country=PHL" docs/screenshot-philippines.png
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
    from playwright.sync_api import sync_playwright

    server = start_app(Path(tempfile.mkdtemp(prefix="osa-shot-")))
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context(viewport={"width": 1440, "height": 860})
            fence_offline(context, [])
            page = context.new_page()
            page.goto(f"{server.url}/{query}")
            wait_for_map(page)
            time.sleep(1.0)  # let the panel and fitted view settle
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.stop()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
