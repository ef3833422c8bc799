"""The export formats, their sizes and media types, and the source line every image carries."""

from __future__ import annotations

from typing import Literal

from osa_map.i18n import format_date, tn
from osa_map.model.snapshot import Snapshot

ImageFormat = Literal["png", "svg"]
ExportFormat = Literal["png", "svg", "html", "csv", "xlsx", "zip"]


# What a browser or the download button should call each export.
MEDIA_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",  # the whole dataset as a data package, not only what the view shows
}
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1920, 1080
MIN_SIDE, MAX_SIDE = 320, 7680  # a thumbnail to an 8K screen; beyond that matplotlib runs out of memory


def source_line(snapshot: Snapshot) -> str:
    """Where the picture comes from, and what a filter left out, short enough for the foot of a slide."""
    lang = snapshot.lang
    date = format_date(snapshot.as_of, lang)
    line = tn("export.source", lang, snapshot.source_count, date=date, version=snapshot.release)
    return " · ".join(part for part in (line, snapshot.filters_text(), snapshot.hidden_text()) if part)
