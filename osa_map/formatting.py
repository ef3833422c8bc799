"""Turn typed values into the short text briefings use: dates, yen amounts, safe markdown."""

from __future__ import annotations

import re
from datetime import date

# Characters that CommonMark (and so st.markdown) would treat as syntax. Escaping them makes
# CSV text render literally: an editor's "*" or "<script>" is shown, never interpreted.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Make arbitrary text safe to embed in Streamlit markdown, including HTML-looking text."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")


def format_date(value: date | None) -> str:
    """3 Nov 2023: unambiguous for readers in Tokyo, Manila and Washington alike."""
    if value is None:
        return "date not confirmed"
    return f"{value.day} {value:%b %Y}"


def format_yen(amount: int | None, approximate: bool = False) -> str:
    """600000000 -> '¥600 million'; 1600000000 -> '¥1.6 billion' (briefings round like this)."""
    if amount is None:
        return "amount not reported"
    if amount >= 1_000_000_000:
        text = f"¥{amount / 1_000_000_000:.1f} billion".replace(".0 billion", " billion")
    elif amount >= 1_000_000:
        text = f"¥{amount / 1_000_000:,.0f} million"
    else:
        text = f"¥{amount:,}"
    return f"about {text}" if approximate else text


def format_fiscal_years(years: list[int]) -> str:
    return ", ".join(f"FY{year}" for year in years) if years else "none yet"


def parse_fiscal_years(text: str) -> list[int]:
    return [int(part) for part in text.split(";") if part.strip()]
