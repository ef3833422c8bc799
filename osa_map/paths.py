"""Where the project's files are: one helper, built on this file's place, never the working directory.

`streamlit run`, `python -m osa_map`, the tests and the benchmark may start from any folder; every
path the package reads or writes is derived from here.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"  # the shipped data; $OSA_DATA_DIR may point elsewhere (data.dataset)
BOUNDARIES_FILE = DATA_DIR / "boundaries" / "countries.geojson"
STATIC_DIR = REPO_ROOT / "static"  # served by Streamlit at /app/static (enableStaticServing)
APP_SCRIPT = REPO_ROOT / "app.py"
