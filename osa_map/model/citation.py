"""How to cite a view: the data version, the view's date and a link that reopens it.

Plain text for a footnote, in the reader's language; BibTeX (in English) for a reference manager.
"""

from __future__ import annotations

from osa_map.i18n import format_date, t
from osa_map.model.snapshot import Snapshot

AUTHOR = "Japan OSA map contributors"


def citation_text(snapshot: Snapshot, link: str) -> str:
    """ "Japan OSA map contributors (2026). Japan's Official Security Assistance recipients, as known
    on 2 Dec 2026. Data version 2026.12.02 (files 3f2a9c1b). <link>. Accessed 2 Dec 2026."."""
    lang = snapshot.lang
    return t(
        "cite.text",
        lang,
        author=AUTHOR,
        year=snapshot.today.year,
        title=t("export.title", lang),
        date=format_date(snapshot.as_of, lang),
        version=snapshot.release,
        files=snapshot.data_version[:8],
        link=link,
        accessed=format_date(snapshot.today, lang),
    )


def citation_bibtex(snapshot: Snapshot, link: str) -> str:
    """A BibTeX @misc entry; the key names the version and the view's date."""
    key = f"osa_map_{snapshot.release.replace('.', '_')}_{snapshot.as_of.isoformat().replace('-', '')}"
    fields = {
        "author": f"{{{AUTHOR}}}",
        "title": f"{{Japan's Official Security Assistance recipients, as known on {snapshot.as_of.isoformat()}}}",
        "year": str(snapshot.today.year),
        "version": f"{snapshot.release} (files {snapshot.data_version[:8]})",
        "url": link,
        "urldate": snapshot.today.isoformat(),
        "note": "Data licensed CC BY 4.0; sources cited row by row",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" if not value.startswith("{") else f"  {name} = {value}"
                      for name, value in fields.items())  # fmt: skip
    return f"@misc{{{key},\n{body}\n}}"
