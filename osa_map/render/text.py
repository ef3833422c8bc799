"""Text made safe to render: CSV and URL values shown literally, never interpreted."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """Make arbitrary text safe to embed in Streamlit markdown, including HTML-looking text."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")


def escape_mathtext(text: object) -> str:
    r"""Make arbitrary text print literally in matplotlib, which reads text between two `$` as
    mathtext: `US$5m to $8m` would print garbled and `$\undefinedmacro$` fail the whole export.

    Every `$` becomes `\$`. Matplotlib treats a string as mathtext only when its unescaped `$`
    count is even and non-zero (matplotlib.cbook.is_math_text); with every `$` escaped there are
    none, and it prints the text after turning each `\$` back into `$`, so a backslash already
    before a `$` in the data survives too. (`parse_math=False` on a Text does the same for one
    call; this helper suits text that passes through legends and labels built elsewhere.)
    """
    return str(text).replace("$", r"\$")
