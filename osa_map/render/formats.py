"""The export formats, their sizes and media types, and the source line every image carries."""

from __future__ import annotations

from datetime import date
from typing import Literal

from osa_map.data.dataset import Dataset
from osa_map.i18n import Language, format_date, tn
from osa_map.model.snapshot import count_sources

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
