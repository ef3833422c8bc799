"""Turn typed values into the short text briefings use: dates, yen amounts, safe markdown."""

from __future__ import annotations

import re
from datetime import date

from osa_map import i18n
from osa_map.i18n import Language

# Characters that CommonMark (and so st.markdown) would treat as syntax. Escaping them makes
# CSV text render literally: an editor's "*" or "<script>" is shown, never interpreted.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Make arbitrary text safe to embed in Streamlit markdown, including HTML-looking text."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")


def format_date(value: date | None, lang: Language = "en") -> str:
    """3 Nov 2023 (2023年11月3日): unambiguous for readers in Tokyo, Manila and Washington alike."""
    return i18n.format_date(value, lang)


def format_yen(amount: int | None, approximate: bool = False, lang: Language = "en") -> str:
    """600000000 -> '¥600 million' / '6億円' (briefings round like this)."""
    return i18n.format_yen(amount, lang, approximate)


def format_fiscal_years(years: list[int], lang: Language = "en") -> str:
    return i18n.fiscal_years(years, lang)


def parse_fiscal_years(text: str) -> list[int]:
    return [int(part) for part in text.split(";") if part.strip()]
