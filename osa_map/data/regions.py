"""UN M49 sub-regions of the recipients, from data/regions.csv: neither the boundaries nor
pycountry carry one. Regions are geography, not one release's facts.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from osa_map.data.dataset import DEFAULT_DATA_DIR

REGIONS_FILE = "regions.csv"
# The keys of the UN M49 sub-regions the recipients are in; their labels live in the i18n catalogue.
REGION_KEYS = (
    "south_eastern_asia",
    "southern_asia",
    "eastern_asia",
    "melanesia",
    "polynesia",
    "micronesia",
    "eastern_africa",
)


def regions_path(directory: Path) -> Path:
    """The data folder's regions.csv, or the shipped one (regions are geography, not this release's facts)."""
    candidate = directory / REGIONS_FILE
    return candidate if candidate.is_file() else DEFAULT_DATA_DIR / REGIONS_FILE


def parse_regions(text: str) -> dict[str, str]:
    """ISO3 -> region key from regions.csv's text; rows with an unknown region key are skipped."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {
        row["iso3"].strip(): row["region_key"].strip()
        for row in reader
        if row.get("iso3") and (row.get("region_key") or "").strip() in REGION_KEYS
    }


def load_regions(directory: Path) -> dict[str, str]:
    path = regions_path(directory)
    return parse_regions(path.read_text(encoding="utf-8")) if path.is_file() else {}
