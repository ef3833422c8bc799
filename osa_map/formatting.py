"""Text helpers that are not about language: safe markdown, and the fiscal-years cell.

Dates, yen amounts and fiscal years are written by osa_map.i18n, in the reader's language.
"""

from __future__ import annotations

import re

# Characters that CommonMark (and so st.markdown) would treat as syntax. Escaping them makes
# CSV text render literally: an editor's "*" or "<script>" is shown, never interpreted.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Make arbitrary text safe to embed in Streamlit markdown, including HTML-looking text."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")


def parse_fiscal_years(text: str) -> list[int]:
    """ "2023;2024" (the CSV cell) -> [2023, 2024]."""
    return [int(part) for part in text.split(";") if part.strip()]
