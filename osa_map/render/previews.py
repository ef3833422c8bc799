"""Link previews per view, written for the nginx front of deploy/ and scripts/serve.py.

A chat app or mail client previews a shared link by fetching its page without running scripts.
Streamlit serves one fixed index.html for every view ("<title>Streamlit</title>", no description),
so every link previewed as "Streamlit". The proxy rewrites that title (nginx `sub_filter`) with
the variables of the `map` blocks this module writes from Snapshots: the link's ?country= and
?lang= pick a prepared title and description; its ?as_of= is used only if it is a YYYY-MM-DD date
(else today), so nothing from the URL reaches the page unchecked. Names and labels come from the
data and the catalogue: escaped for HTML, and for nginx's quoted strings.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from osa_map.i18n import LANGUAGES, Language, t
from osa_map.model.snapshot import Snapshot

DAY = "${osa_preview_day}"  # the view's date as nginx has checked it (see _DATE_MAPS)
_DAY_MARK = "\0"  # stands for DAY in catalogue texts until they are escaped

_DATE_MAPS = r"""map $time_iso8601 $osa_preview_today {
    "~^(?<day>[0-9]{4}-[0-9]{2}-[0-9]{2})" $day;
}
map $arg_as_of $osa_preview_day {
    "~^(?<day>[0-9]{4}-[0-9]{2}-[0-9]{2})$" $day;
    default $osa_preview_today;
}
map $arg_lang $osa_preview_lang {
    ja ja;
    default en;
}
"""


def nginx_preview_maps(snapshots: Mapping[Language, Snapshot]) -> str:
    """The nginx `map` blocks that set $osa_preview_title and $osa_preview_description for a
    request, from today's Snapshot in each language (none: the app's own title and description)."""
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for lang in LANGUAGES:
        pattern = f"~^{lang}[|]"  # any other country, or none, in this language
        titles[pattern] = t("page.title_date", lang, date=_DAY_MARK)
        descriptions[pattern] = t("preview.description", lang)
    for lang, snapshot in snapshots.items():
        for recipient in snapshot.recipients:
            key = f"{lang}|{recipient.iso3}"
            titles[key] = t("page.title_country", lang, country=recipient.name, date=_DAY_MARK)
            descriptions[key] = t(
                "preview.description_country",
                lang,
                country=recipient.name,
                cohort=recipient.cohort_label,
                status=recipient.status_label,
            )
    return "\n".join(
        [
            "# Written by `python -m osa_map previews` (osa_map/render/previews.py): do not edit.",
            _DATE_MAPS,
            _map_block("$osa_preview_title", titles),
            _map_block("$osa_preview_description", descriptions),
        ]
    )


def _map_block(variable: str, values: Mapping[str, str]) -> str:
    # Exact keys win over patterns in an nginx map, whatever their order.
    lines = [f'map "$osa_preview_lang|$arg_country" {variable} {{']
    lines += [f'    "{key}" {_quoted(value)};' for key, value in values.items()]  # keys: ISO3 codes, ours
    return "\n".join([*lines, "}", ""])


def _quoted(text: str) -> str:
    """`text` as an nginx quoted string holding HTML: escaped for an HTML attribute, no control
    characters; a `$` (nginx's variables) written as the entity &#36;, except DAY's own."""
    cleaned = "".join(char if char.isprintable() or char == _DAY_MARK else " " for char in text)
    escaped = html.escape(cleaned, quote=True).replace("$", "&#36;").replace("\\", "&#92;")
    return '"' + escaped.replace(_DAY_MARK, DAY) + '"'
