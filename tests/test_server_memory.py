"""The modules the running app imports stay clear of heavy libraries it only needs on demand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVING_MODULES = [
    "osa_map.ui.loaders",
    "osa_map.ui.briefing",
    "osa_map.ui.explore",
    "osa_map.render.export",
    "osa_map.render.webmap",
]
ON_DEMAND_ONLY = ["geopandas", "pyproj", "openpyxl"]


def loaded_after(statements: str) -> str:
    """Which ON_DEMAND_ONLY modules a fresh interpreter holds after running `statements`."""
    code = f"import sys\n{statements}\nprint([m for m in {ON_DEMAND_ONLY!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return result.stdout.strip()


def test_serving_modules_do_not_import_geopandas_pyproj_or_openpyxl():
    """Every Streamlit server process holds what these modules import, for as long as it runs.

    geopandas brings pyproj (~15 MB) and openpyxl costs ~8 MB, yet the app needs them only to
    draw an image or write an XLSX download (see docs/performance.md). Checked in a fresh
    interpreter, because other tests in this run import them.
    """
    assert loaded_after(f"import {', '.join(SERVING_MODULES)}") == "[]"


def test_validating_and_drawing_the_data_does_not_import_them_either():
    # pandera imports geopandas to look for geometry columns when a schema declares no dtype.
    statements = (
        "from osa_map.data.dataset import load_dataset\n"
        "from osa_map.data.boundaries import load_boundaries\n"
        "from osa_map.render.webmap import map_geometry\n"
        "load_dataset()\n"
        "map_geometry(load_boundaries())"
    )
    assert loaded_after(statements) == "[]"
