"""Exports of what is on screen: PNG/SVG (render.static_map), standalone HTML, CSV/XLSX."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from osa_map.data.boundaries import load_boundaries
from osa_map.data.release import dataset_zip
from osa_map.data.schema import STATUS_LABELS
from osa_map.i18n import fiscal_years, format_date, t
from osa_map.model.snapshot import Snapshot
from osa_map.render.assets import LeafletUrls, installed_leaflet_dir
from osa_map.render.formats import DEFAULT_HEIGHT, DEFAULT_WIDTH, MEDIA_TYPES, ExportFormat, ImageFormat, source_line
from osa_map.render.spreadsheet import csv_bytes, xlsx_bytes
from osa_map.render.webmap import build_map, legend_html, map_geometry, view_layer

TITLE = t("export.title", "en")


_SOURCE_MAP_COMMENT = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def render_static_map(
    snapshot: Snapshot,
    image_format: ImageFormat = "png",
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    countries: pd.DataFrame | None = None,
) -> bytes:
    """PNG or SVG bytes of the map for a slide (render.static_map; matplotlib loads here, on first use)."""
    from osa_map.render.static_map import draw_static_map

    return draw_static_map(snapshot, image_format, width, height, countries)


# Placeholders handed to build_map in place of Leaflet's URLs, then swapped for the files' text.
_INLINE_JS = "osa-inline:leaflet.js"
_INLINE_CSS = "osa-inline:leaflet.css"


def standalone_html(snapshot: Snapshot, countries: pd.DataFrame | None = None) -> str:
    """An interactive map in one HTML file that opens from a USB stick with no network.

    Leaflet's script and style sheet and the country outlines are inlined; the page loads
    nothing from anywhere, not even from its own folder. Title, legend, tooltips and source
    line (with the filters, if any) are in the snapshot's language.
    """
    lang = snapshot.lang
    countries = countries if countries is not None else map_geometry(load_boundaries())
    page = _render_folium_page(snapshot, countries)
    page = _inline_leaflet(page)
    title = t("export.html_title", lang, title=t("export.title", lang), date=format_date(snapshot.as_of, lang))
    page = page.replace("<html>", f'<html lang="{lang}">', 1)  # so a browser picks fonts for the language
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    page = page.replace("<body>", f"<body>\n{_title_box(snapshot)}", 1)
    external = re.findall(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?https?:""", page)
    if external:
        raise RuntimeError(f"the standalone map would load from the network: {external}")
    return page


def _render_folium_page(snapshot: Snapshot, countries: pd.DataFrame) -> str:
    # The web map's base and view layer in one page; without outline URLs, build_map embeds the
    # outlines, and the view layer's script runs once, at load.
    leaflet = LeafletUrls(js=_INLINE_JS, css=_INLINE_CSS)
    fit = snapshot.dataset.ledger["iso3"]
    m = build_map(countries, leaflet, lang=snapshot.lang, fit_codes=fit)
    view_layer(snapshot, countries).add_to(m)
    # The legend is written into the page too, so the file explains itself before any script runs.
    page = m.get_root().render()
    return page.replace('aria-live="polite"></div>', f'aria-live="polite">{legend_html(snapshot)}</div>', 1)


def _inline_leaflet(page: str) -> str:
    """Swap build_map's Leaflet tags for the files' text.

    Leaflet's style sheet goes first in <head>, so the map's own CSS (the sea colour) wins.
    """
    leaflet_dir = installed_leaflet_dir()
    script = _SOURCE_MAP_COMMENT.sub("", (leaflet_dir / "leaflet.js").read_text(encoding="utf-8"))
    style = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    if "</script" in script.lower() or "</style" in style.lower():
        raise RuntimeError("Leaflet's files cannot be inlined safely: they contain a closing tag")
    replacements = (
        (rf"""<script\s+src=["']{re.escape(_INLINE_JS)}["']\s*>\s*</script>""", f"<script>\n{script}\n</script>"),
        (rf"""<link\s+rel=["']stylesheet["']\s+href=["']{re.escape(_INLINE_CSS)}["']\s*/?>""", ""),
        (r"<head>", f"<head>\n<style>\n{style}\n</style>"),
    )
    for pattern, inline in replacements:
        # A function replacement, so backslashes in Leaflet's code are not read as group references.
        page, found = re.subn(pattern, lambda _match, text=inline: text, page, count=1)
        if found != 1:
            raise RuntimeError(f"could not find {pattern} in the rendered map")
    return page


def _title_box(snapshot: Snapshot) -> str:
    """The title and source line, on the map, so the file explains itself when opened alone."""
    return (
        '<div class="osa-title" role="heading" aria-level="1">'
        f"<strong>{html.escape(t('export.title', snapshot.lang))}</strong>"
        f"<span>{html.escape(source_line(snapshot))}</span></div>"
        f"<style>{_TITLE_CSS}</style>"
    )


_TITLE_CSS = """
.osa-title { position: absolute; top: 10px; left: 56px; right: 10px; z-index: 1000; max-width: 760px;
  background: rgba(255,255,255,0.94); padding: 8px 12px; border-radius: 6px; color: #1a1a1a;
  box-shadow: 0 1px 4px rgba(0,0,0,0.25); font: 14px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; }
.osa-title strong { display: block; font-size: 20px; }
.osa-title span { display: block; font-size: 12px; color: #4d4d4d; margin-top: 2px; }
"""


# --- the table of what is on screen ------------------------------------------------------------

TABLE_COLUMNS = (
    "Country",
    "ISO3",
    "Cohort",
    "Status",
    "Fiscal years",
    "Confidence",
    "Known since",
    "Packages",
    "Latest source",
    "Latest source link",
)


def visible_table(snapshot: Snapshot) -> pd.DataFrame:
    """One row per recipient the map shows, in cohort order then by name (in English for now)."""
    dataset = snapshot.dataset
    standing = snapshot.standing_rows()
    order = {key: position for position, key in enumerate(dataset.cohorts["key"])}
    rows = []
    for iso3, row in standing.iterrows():
        name = row["country"]
        details = snapshot.details_of(iso3, lang="en")
        packages = "; ".join(
            f"FY{package.fiscal_year} {package.amount}: {package.equipment}" for package in details.packages
        )
        rows.append(
            {
                "Country": name,
                "ISO3": iso3,
                "Cohort": dataset.cohort_label(row["cohort"]),
                "Status": STATUS_LABELS[row["status"]],
                "Fiscal years": fiscal_years(list(row["fiscal_years"]), "en"),
                "Confidence": row["confidence"],
                "Known since": row["as_of"].isoformat(),
                "Packages": packages or "none recorded yet",
                "Latest source": row["source_title"],
                "Latest source link": row["source_url"],
                "_order": (order.get(row["cohort"], len(order)), name),
            }
        )
    frame = pd.DataFrame(rows, columns=[*TABLE_COLUMNS, "_order"])
    frame = frame.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    return frame


LINK_COLUMNS = ("Latest source link",)


def about_rows(snapshot: Snapshot) -> list[tuple[str, str]]:
    """What an XLSX file records about itself: the map's date, the filters, when it was made,
    the data version and release, and every source behind the rows."""
    table = visible_table(snapshot)
    sources = sorted({link for link in table["Latest source link"] if link})
    rows = [
        ("Title", "Japan's Official Security Assistance (OSA) recipients"),
        ("As known on", snapshot.as_of.isoformat()),
        ("Filters", snapshot.filters_text() if snapshot.filter_labels else "none: every recipient"),
        ("Exported on", snapshot.today.isoformat()),
        ("Data release", snapshot.release),
        ("Data version", snapshot.data_version),
        ("Recipients", str(len(table))),
    ]
    rows += [("Source" if number == 0 else "", link) for number, link in enumerate(sources)]
    return rows


# --- one entry point for the CLI and the download buttons --------------------------------------


def export_bytes(
    snapshot: Snapshot,
    export_format: ExportFormat,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    countries: pd.DataFrame | None = None,
) -> bytes:
    """The snapshot in `export_format` (png, svg, html, csv or xlsx) as bytes ready to save or download;
    zip is the whole dataset (data.release.dataset_zip), whatever the view.

    Images and the HTML map are in the snapshot's language; the tables are in English for now.
    """
    if export_format in ("png", "svg"):
        return render_static_map(snapshot, export_format, width, height, countries)
    if export_format == "html":
        return standalone_html(snapshot, countries).encode("utf-8")
    if export_format in ("csv", "xlsx"):
        # Both writers neutralise cells that Excel would run as formulas (=, +, -, @).
        table = visible_table(snapshot)
        if export_format == "csv":
            return csv_bytes(table)
        return xlsx_bytes(table, sheet_name="recipients", about=about_rows(snapshot), link_columns=LINK_COLUMNS)
    if export_format == "zip":
        return dataset_zip(snapshot.dataset.directory)
    raise ValueError(f"unknown export format {export_format!r}; use one of {', '.join(MEDIA_TYPES)}")


def export_filename(snapshot: Snapshot, export_format: ExportFormat) -> str:
    """A file name that says what and when, e.g. osa-map-2026-11-24.png, and under filters which
    (osa-map-2025-03-31-cohort-inaugural.png), so a filtered slide is never taken for the whole."""
    chosen = "".join(f"-{name}-{'-'.join(keys)}" for name, keys in snapshot.view.filters().items() if keys)
    return f"osa-map-{snapshot.as_of.isoformat()}{re.sub(r'[^A-Za-z0-9_-]', '', chosen)}.{export_format}"


def format_from_path(path: Path) -> ExportFormat | None:
    """The export format a file name asks for, or None if it is not one we write."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in MEDIA_TYPES else None  # type: ignore[return-value]
