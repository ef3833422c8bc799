"""UN M49 sub-regions of the recipients, from data/regions.csv: neither the boundaries nor
pycountry carry one. Regions are geography, not one release's facts.
"""

from __future__ import annotations

import csv
import io
import logging
from functools import lru_cache
from pathlib import Path

from osa_map.data.dataset import DEFAULT_DATA_DIR, FileTooBig, read_capped, unreadable_reason
from osa_map.i18n import Language, t

REGIONS_FILE = "regions.csv"
MAX_REGIONS_BYTES = 1024 * 1024  # ~250 countries need ~10 KB; the i18n text says "1 MB"

log = logging.getLogger(__name__)
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
    """The data folder's regions.csv if it can be used, else the shipped one (regions are
    geography, not this release's facts): a regions.csv that is unreadable, too big or not
    UTF-8 never reaches a reader as a traceback (regions_problem says why it was passed over).
    """
    candidate = directory / REGIONS_FILE
    return candidate if regions_problem(directory) is None and _exists(candidate) else DEFAULT_DATA_DIR / REGIONS_FILE


def regions_problem(directory: Path, lang: Language = "en") -> str | None:
    """Why the data folder's regions.csv cannot be used (a message for the reader), or None if it
    can, or if there is none (then the shipped file is used silently, as before)."""
    candidate = directory / REGIONS_FILE
    try:
        info = candidate.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = unreadable_reason(error, lang)
    else:
        reason = _problem_of(str(candidate), info.st_mtime_ns, info.st_size, lang)
    if reason is None:
        return None
    return t("data.regions_unusable", lang, directory=directory, reason=reason)


@lru_cache(maxsize=16)
def _problem_of(path: str, modified_ns: int, size: int, lang: Language) -> str | None:
    """Checked once per version of the file (its time and size are the key), not on every click."""
    try:
        read_capped(Path(path), MAX_REGIONS_BYTES).decode("utf-8")
    except FileNotFoundError:
        return None
    except FileTooBig:
        return t("data.reason.too_big", lang)
    except UnicodeDecodeError:
        return t("data.reason.not_utf8", lang)
    except OSError as error:
        return unreadable_reason(error, lang)
    return None


def _exists(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def parse_regions(text: str) -> dict[str, str]:
    """ISO3 -> region key from regions.csv's text; rows with an unknown region key are skipped."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {
        row["iso3"].strip(): row["region_key"].strip()
        for row in reader
        if row.get("iso3") and (row.get("region_key") or "").strip() in REGION_KEYS
    }


def load_regions(directory: Path) -> dict[str, str]:
    """ISO3 -> region key; {} (no region filter) if not even the shipped regions.csv can be read."""
    path = regions_path(directory)
    try:
        return parse_regions(read_capped(path, MAX_REGIONS_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        log.warning("no regions: %s cannot be used: %s", path, error)
        return {}
