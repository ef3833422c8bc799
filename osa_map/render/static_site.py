"""The static edition: the current data version baked into a folder of plain files.

`python -m osa_map publish OUT/` writes what any static host or CDN serves to any number of
readers, and what opens from a USB stick with no network: the map with its date control and
legend (the view of every change date baked in, so the timeline needs no server), a page per
country with its details and sources, the data package download and a citation, in English and
Japanese, and a map-only page to embed. The maps are the web map's own (render.webmap: the base
map and the view states window.osaApplyView applies); nothing is fetched from anywhere, and every
script and style sheet is a file in the folder, loaded by <script src>, which file:// allows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from html import escape as esc
from pathlib import Path

import pandas as pd

from osa_map.data.colours import readable_text_colour
from osa_map.data.dataset import Dataset
from osa_map.data.release import dataset_zip, read_release
from osa_map.i18n import LANGUAGES, Language, format_date, t
from osa_map.model.citation import citation_text
from osa_map.model.details import CountryDetails
from osa_map.model.snapshot import Snapshot, build_snapshot
from osa_map.model.timeline import change_dates, fiscal_year_shortcuts
from osa_map.model.view import View
from osa_map.render.assets import LEAFLET_FILES, LeafletUrls, installed_leaflet_dir
from osa_map.render.webmap import OutlineUrls, build_map, geometry_json, view_state

ASSETS = "assets"
_SOURCE_MAP_COMMENT = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_SITE_CSS = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; margin: 0; }
main.page { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: #0b57a4; } a:focus-visible, select:focus-visible { outline: 3px solid #0b57a4; outline-offset: 2px; }
.chip { display: inline-block; padding: 0 .6rem; border-radius: .8rem; font-weight: 600; }
.muted { color: #4d4d4d; } .cite { font-size: .9rem; background: #f3f3f3; padding: .6rem; }
.osa-bar { position: absolute; z-index: 1000; top: 10px; right: 10px; max-width: 430px;
  background: rgba(255,255,255,.96); padding: .5rem .8rem; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.osa-bar h1 { font-size: 1.05rem; margin: 0 0 .3rem; } .osa-bar nav a { margin-right: .9rem; }
.osa-bar select { font: inherit; min-height: 28px; }
"""


def publish_site(dataset: Dataset, countries: pd.DataFrame, out: Path, today: date) -> list[Path]:
    """Write the static edition of `dataset` as known up to `today` into `out`; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = _write_assets(countries, out / ASSETS)
    release = read_release(dataset.directory)
    download = out / f"osa-data-{release}.zip"
    download.write_bytes(dataset_zip(dataset.directory))
    written.append(download)
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    # Every change date, each fiscal year's end (the app's year buttons) and today.
    changes = change_dates(dataset.ledger, until=today)
    year_ends = [day for _, day in fiscal_year_shortcuts(changes[0] if changes else today, today)]
    days = sorted({*changes, *year_ends, today})
    for lang in LANGUAGES:
        folder = out if lang == "en" else out / lang
        root = "" if lang == "en" else "../"
        snapshots = {day: build_snapshot(dataset, View(as_of=day, lang=lang), today, names, {}) for day in days}
        latest = snapshots[today]
        site = _Site(lang, root, download.name, latest)
        written.append(_write(folder / "index.html", site.map_page(countries, snapshots, with_bar=True)))
        written.append(_write(folder / "embed.html", site.map_page(countries, snapshots, with_bar=False)))
        written.append(_write(folder / "countries" / "index.html", site.country_list()))
        for iso3 in sorted(set(dataset.ledger["iso3"])):
            details = latest.details_of(iso3)
            written.append(_write(folder / "countries" / f"{iso3}.html", site.country_page(details)))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _write_assets(countries: pd.DataFrame, folder: Path) -> list[Path]:
    """Leaflet (from its installed package), the outlines as a script, the pages' style sheet."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in LEAFLET_FILES:
        text = (installed_leaflet_dir() / name).read_text(encoding="utf-8")
        written.append(_write(folder / name, _SOURCE_MAP_COMMENT.sub("", text)))
    # A script, not a JSON file: file:// pages may run <script src> but not fetch() a file.
    outlines = f"window.osaOutlines = Promise.resolve({geometry_json(countries)});\n"
    written.append(_write(folder / "countries.js", outlines))
    written.append(_write(folder / "site.css", _SITE_CSS))
    return written


class _Site:
    """One language's pages; `root` leads from a page in the language's folder to the site's root."""

    def __init__(self, lang: Language, root: str, download: str, latest: Snapshot) -> None:
        self.lang, self.root, self.download, self.latest = lang, root, download, latest

    def _head(self, title: str, depth: str) -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="{self.lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n"
            f'<link rel="stylesheet" href="{depth}{self.root}{ASSETS}/site.css">\n</head>\n'
        )

    def _language_link(self, page: str, depth: str = "") -> str:
        """The same page in the other language; `page` is its path below a language's folder."""
        other: Language = "ja" if self.lang == "en" else "en"
        target = f"{depth}ja/{page}" if other == "ja" else f"{depth}../{page}"
        return f'<a href="{target}" lang="{other}" hreflang="{other}">{esc(t("app.language", self.lang))}</a>'

    def map_page(self, countries: pd.DataFrame, snapshots: Mapping[date, Snapshot], with_bar: bool) -> str:
        """The web map with every change date's view baked in, and a date control (#YYYY-MM-DD)."""
        lang, root = self.lang, self.root
        assets = f"{root}{ASSETS}"
        leaflet = LeafletUrls(js=f"{assets}/leaflet.js", css=f"{assets}/leaflet.css")
        outlines = OutlineUrls(geometry="", geometry_gzip="", prefetch_script=f"{assets}/countries.js")
        fit = self.latest.dataset.ledger["iso3"]
        page = build_map(countries, leaflet, outlines, lang=lang, fit_codes=fit).get_root().render()
        states = {day.isoformat(): view_state(snapshot, countries) for day, snapshot in snapshots.items()}
        # Most countries look the same on every date: send each date's differences from the first.
        base = next(iter(states.values()))["looks"]
        compact = {
            day: {**state, "looks": {k: v for k, v in state["looks"].items() if base.get(k) != v}}
            for day, state in states.items()
        }
        title = t("export.title", lang)
        page = page.replace("<html>", f'<html lang="{lang}">', 1)
        page = page.replace("<head>", f"<head>\n<title>{esc(title)}</title>", 1)
        options = "".join(
            f'<option value="{day.isoformat()}">{esc(format_date(day, lang))}</option>' for day in snapshots
        )
        select = (
            f'<label for="osa-date">{esc(t("explore.as_of", lang))}</label> <select id="osa-date">{options}</select>'
        )
        if with_bar:
            bar = (
                f'<link rel="stylesheet" href="{assets}/site.css">'
                f'<header class="osa-bar"><h1>{esc(title)}</h1>{select}'
                f'<nav aria-label="{esc(t("site.links", lang))}"> '
                f'<a href="countries/index.html">{esc(t("site.countries", lang))}</a>'
                f'<a href="{root}{esc(self.download)}">{esc(t("cite.download", lang))}</a>'
                f'<a href="embed.html">{esc(t("site.embed", lang))}</a>'
                f"{self._language_link('index.html')}</nav>"
                f'<p class="muted" style="margin:.2rem 0 0;font-size:.85rem">'
                f"{esc(t('cite.version', lang, version=self.latest.release))}</p></header>"
            )
        else:
            bar = f'<link rel="stylesheet" href="{assets}/site.css"><div class="osa-bar">{select}</div>'
        page = page.replace("<body>", f"<body>\n{bar}", 1)
        script = _DATE_SCRIPT.replace("__BASE__", json.dumps(base)).replace("__STATES__", json.dumps(compact))
        return page.replace("</html>", f"<script>{script}</script>\n</html>", 1)

    def country_list(self) -> str:
        """Every country in the ledger, recipients by cohort first: the map's text twin."""
        lang, latest = self.lang, self.latest
        parts = [self._head(f"{t('site.countries', lang)} · {t('export.title', lang)}", "../")]
        parts.append(f'<body><main class="page"><p><a href="../index.html">{esc(t("site.back", lang))}</a></p>')
        parts.append(f"<h1>{esc(t('site.countries', lang))}</h1>")
        parts.append(f"<p class='muted'>{esc(t('panel.as_known', lang, date=format_date(latest.as_of, lang)))}</p>")
        for cohort in latest.cohorts:
            members = [r for r in latest.recipients if r.cohort == cohort.key]
            items = "".join(
                f'<li><a href="{r.iso3}.html">{esc(r.name)}</a> · {esc(r.status_label)}</li>' for r in members
            )
            parts.append(f"<h2>{esc(cohort.label)}</h2><ul>{items}</ul>")
        parts.append(f"<p>{self._language_link('countries/index.html', depth='../')}</p>")
        parts.append("</main></body></html>\n")
        return "".join(parts)

    def country_page(self, details: CountryDetails) -> str:
        """One country's panel as a page of its own: facts, packages, sources with their kind,
        history and a citation; every value from the CSVs escaped."""
        lang, latest = self.lang, self.latest
        name = details.name
        head = self._head(f"{name} · {t('export.title', lang)}", "../")
        body = [f'<body><main class="page"><p><a href="index.html">{esc(t("site.countries", lang))}</a> · ']
        body.append(f'<a href="../index.html#{latest.as_of.isoformat()}">{esc(t("site.back", lang))}</a></p>')
        body.append(f"<h1>{esc(name)}</h1>")
        if not details.is_recipient:
            body.append(f"<p>{esc(t('map.not_recipient', lang))}</p>")
        else:
            colours = f"background:{esc(details.cohort_colour)};color:{readable_text_colour(details.cohort_colour)}"
            body.append(f'<p><span class="chip" style="{colours}">')
            body.append(f"{esc(details.cohort_label)}</span> {esc(details.status_label)}</p>")
            body.append(f"<p>{esc(details.summary)}</p>")
            if details.notes:
                body.append(f"<p class='muted'>{esc(t('panel.note', lang, note=details.notes))}</p>")
            body.append(f"<h2>{esc(t('panel.packages', lang))}</h2><ul>")
            for package in details.packages:
                place = f", {package.notes_place}" if package.notes_place else ""
                when = format_date(package.notes_date, lang) + place
                body.append(
                    f"<li><strong>{esc(t('fy', lang, year=package.fiscal_year))} · {esc(package.amount)}</strong>: "
                    f"{esc(package.equipment)}. {esc(package.recipient_unit)} "
                    f"({esc(t('panel.notes_exchanged', lang, when=when))})</li>"
                )
            body.append(f"</ul><h2>{esc(t('panel.sources', lang))}</h2><ul>")
            for source in details.sources:
                kind = f" · {esc(t(f'source_kind.by_{source.kind}', lang))}" if source.kind else ""
                title = esc(source.title)
                link = f'<a href="{esc(source.url)}">{title}</a>' if source.url else title
                body.append(f"<li>{link}{kind}</li>")
            body.append("</ul>")
        link = f"countries/{details.iso3}.html"
        body.append(f'<h2>{esc(t("cite.heading", lang))}</h2><p class="cite">{esc(citation_text(latest, link))}</p>')
        body.append("</main></body></html>\n")
        return head + "".join(body)


# The map page's date control: each date's view is the first date's looks plus its differences.
_DATE_SCRIPT = r"""
(function () {
  const base = __BASE__;
  const states = __STATES__;
  const select = document.getElementById("osa-date");
  const days = Object.keys(states);
  function show(day) {
    // A date between two baked ones shows the view as known then: the latest on or before it.
    if (!states[day]) {
      const asked = /^\d{4}-\d{2}-\d{2}$/.test(day);
      day = asked ? days.filter((d) => d <= day).pop() || days[0] : days[days.length - 1];
    }
    const state = states[day];
    window.osaPendingView = {...state, looks: {...base, ...state.looks}};
    if (window.osaApplyView) window.osaApplyView(window.osaPendingView);
    select.value = day;
  }
  select.addEventListener("change", () => { history.replaceState(null, "", "#" + select.value); show(select.value); });
  window.addEventListener("hashchange", () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
})();
"""
