"""Finding a country by what a reader types: any of its names, in English or Japanese, with typos.

"Viet Nam", "Burma", "Phillipines", "ベトナム" and "fiji" all find their country, whichever language
the screen is in. Names come from the map's own names, pycountry's ISO 3166 names (name, common
and official name), the Japanese names the app shows (osa_map.i18n.country_name) and a few former
names still in use. Pure Python: the search box in ui.selection asks it, and so can a test.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import pycountry

from osa_map.i18n import country_name

# Former or informal names readers still type; pycountry knows only current ISO names.
FORMER_NAMES: Mapping[str, tuple[str, ...]] = {
    "MMR": ("Burma",),
    "LKA": ("Ceylon",),
    "TLS": ("East Timor",),
    "SWZ": ("Swaziland",),
    "CIV": ("Ivory Coast",),
    "CPV": ("Cape Verde",),
    "MKD": ("Macedonia",),
    "CZE": ("Czech Republic",),
    "TUR": ("Turkey",),
    "KOR": ("South Korea",),
    "PRK": ("North Korea",),
    "FSM": ("Micronesia",),
    "PNG": ("PNG",),
}
# How close a typed name must be to a known one to count (difflib's ratio): "Phillipines" and
# "Indonisia" pass, "Mali" for "Malta" does not.
TYPO_CUTOFF = 0.8


def normalised(text: str) -> str:
    """Case, width, accents, spaces and punctuation removed: "Viet Nam" and "vietnam" meet."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text)).casefold()
    return "".join(char for char in folded if char.isalnum())


def names_of(iso3: str, english_name: str) -> set[str]:
    """Every name a reader might type for the country."""
    names = {english_name, country_name(iso3, "ja", english_name), *FORMER_NAMES.get(iso3, ())}
    country = pycountry.countries.get(alpha_3=iso3)
    if country is not None:
        names.update(getattr(country, attribute, "") for attribute in ("name", "common_name", "official_name"))
    return {name for name in names if name}


@dataclass(frozen=True)
class SearchIndex:
    """Normalised name -> the countries it names; built once per set of names."""

    codes_by_name: Mapping[str, frozenset[str]]
    display: Mapping[str, str]  # ISO3 -> the name shown, for ordering

    def find(self, query: str, first: Collection[str] = (), limit: int = 8) -> list[str]:
        """The countries `query` names, best first: exact names, then names that start with it,
        then names containing it, then close spellings. Within each, `first` (the recipients) lead."""
        wanted = normalised(query)
        if not wanted:
            return []
        exact, starts, contains = set(), set(), set()
        for name, codes in self.codes_by_name.items():
            if name == wanted:
                exact |= codes
            elif name.startswith(wanted):
                starts |= codes
            elif len(wanted) >= 3 and wanted in name:
                contains |= codes
        close: set[str] = set()
        for name in difflib.get_close_matches(wanted, list(self.codes_by_name), n=6, cutoff=TYPO_CUTOFF):
            close |= self.codes_by_name[name]
        ranked: list[str] = []
        for group in (exact, starts, contains, close):
            for code in sorted(group, key=lambda code: (code not in first, self.display.get(code, code))):
                if code not in ranked:
                    ranked.append(code)
        return ranked[:limit]


def search_index(english_names: Mapping[str, str], display: Mapping[str, str] | None = None) -> SearchIndex:
    """The index over every country on the map (ISO3 -> English name)."""
    codes_by_name: dict[str, set[str]] = {}
    shown = display or {}
    for iso3, english in english_names.items():
        for name in (*names_of(iso3, english), shown.get(iso3, ""), iso3):
            key = normalised(name)
            if key:
                codes_by_name.setdefault(key, set()).add(iso3)
    return SearchIndex(
        codes_by_name={name: frozenset(codes) for name, codes in codes_by_name.items()},
        display=dict(display or english_names),
    )


def recipients_first(codes: Iterable[str], recipients: Collection[str], name: Mapping[str, str]) -> list[str]:
    """The countries in menu order: recipients by name, then every other country by name."""
    return sorted(codes, key=lambda code: (code not in recipients, name.get(code, code)))
