"""Text made safe to render: CSV and URL values shown literally, never interpreted."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# Streamlit's markdown (remark-gfm) turns bare URLs and e-mail addresses into live links after
# parsing, on the text that escapes have already been resolved into, so backslashes cannot stop
# it. A WORD JOINER (U+2060, invisible, zero width) inside "://", after "www" and before "@"
# keeps them text; its patterns are /(https?:\/\/|www(?=\.))/ and /([-.\w+]+)@/.
_AUTOLINK_TRIGGERS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Make arbitrary text safe to embed in Streamlit markdown, including HTML-looking text: no
    markup, HTML, character reference (`&#58;`) or bare URL in it becomes a link or an image."""
    unlinked = _AUTOLINK_TRIGGERS.sub(WORD_JOINER, str(text))
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", unlinked)
    return escaped.replace("\n", " ")


def markdown_link(text: str, url: str) -> str:
    """`text` as a markdown link to `url`: the text escaped, and the characters that would end
    the link early (parentheses, spaces, angle brackets) percent-encoded."""
    for char, code in (("(", "%28"), (")", "%29"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return f"[{escape_markdown(text)}]({url})"


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
