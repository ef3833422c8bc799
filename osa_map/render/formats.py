"""The export formats, their sizes and media types, and the source line every image carries."""

from __future__ import annotations

from datetime import date
from typing import Literal

from osa_map.data.dataset import Dataset
from osa_map.i18n import Language, format_date, tn

ImageFormat = Literal["png", "svg"]
ExportFormat = Literal["png", "svg", "html", "csv", "xlsx"]


# What a browser or the download button should call each export.
MEDIA_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1920, 1080
MIN_SIDE, MAX_SIDE = 320, 7680  # a thumbnail to an 8K screen; beyond that matplotlib runs out of memory


def source_line(dataset: Dataset, as_of: date, lang: Language = "en") -> str:
    """Where the picture comes from, short enough for the foot of a slide."""
    sources = count_sources(dataset, as_of)
    return tn("export.source", lang, sources, date=format_date(as_of, lang))


def count_sources(dataset: Dataset, as_of: date) -> int:
    """Distinct sources behind what the map shows: ledger rows and packages known on `as_of`."""
    ledger = dataset.ledger[dataset.ledger["as_of"] <= as_of]
    packages = dataset.packages[dataset.packages["iso3"].isin(ledger["iso3"])]
    known: set[str] = set()
    for frame in (ledger, packages):
        for title_column, url_column in (("source_title", "source_url"), ("source2_title", "source2_url")):
            for title, url in zip(frame[title_column], frame[url_column], strict=True):
                if url or title:
                    known.add(url or title)
    return len(known)


# --- the standalone HTML map -------------------------------------------------------------------
