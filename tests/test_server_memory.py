"""The modules the running app imports stay clear of heavy libraries it only needs on demand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVING_MODULES = ["osa_map.ui", "osa_map.briefing", "osa_map.explore_ui", "osa_map.export", "osa_map.mapview"]
ON_DEMAND_ONLY = ["geopandas", "pyproj", "openpyxl"]


def test_serving_modules_do_not_import_geopandas_pyproj_or_openpyxl():
    """Every Streamlit server process holds what these modules import, for as long as it runs.

    geopandas brings pyproj (~15 MB) and openpyxl costs ~8 MB, yet the app needs them only to
    draw an image or write an XLSX download (see docs/performance.md). Checked in a fresh
    interpreter, because other tests in this run import them.
    """
    code = f"import sys, {', '.join(SERVING_MODULES)}; print([m for m in {ON_DEMAND_ONLY!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"
