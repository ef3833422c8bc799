"""Text made safe to render: CSV and URL values shown literally, never interpreted."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Make arbitrary text safe to embed in Streamlit markdown, including HTML-looking text."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")
