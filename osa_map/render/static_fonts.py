"""The static image's text: fonts, colours and weight, and Japanese that reads on any machine.

Kept apart from render.static_map, which lays out the picture, because the same rules serve its
titles, legend and labels (render.static_labels), and an SVG in Japanese carries its font.
"""

from __future__ import annotations

import html
import re

from osa_map.i18n import Language

TEXT_COLOUR = "#1a1a1a"
MUTED_TEXT_COLOUR = "#4d4d4d"
# DejaVu Sans ships with matplotlib, so every machine draws identical text and nothing is
# fetched. SVG keeps text as text (editable in a slide); the fallbacks are for viewers without it.
FONT_SETTINGS = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial", "Helvetica"],
    "svg.fonttype": "none",
    "svg.hashsalt": "osa-map",  # stable ids: the same map gives the same SVG
}
# DejaVu Sans has no Japanese glyphs. IPAexGothic comes from the PyPI package matplotlib-fontja
# (IPA Font License), installed by requirements.txt, so Japanese images need no network either.
JAPANESE_FONT = "IPAexGothic"


def emphasis_weight(lang: Language) -> str:
    """The weight for titles and labels: bold, but normal in Japanese."""
    # IPAexGothic has a single weight; asking it for bold makes matplotlib warn on every label.
    return "normal" if lang == "ja" else "bold"


def with_embedded_japanese_font(svg: bytes) -> bytes:
    """The SVG with IPAexGothic embedded (subset to the characters it shows), so its Japanese reads
    on a machine without CJK fonts and stays text (searchable, editable in a slide)."""
    import base64

    from osa_map.render.assets import subset_font

    text = "".join(re.findall(r">([^<>]+)</text>", svg.decode("utf-8")))
    font = base64.b64encode(subset_font(html.unescape(text) + "0123456789")).decode("ascii")
    face = (
        f'<style type="text/css">@font-face {{ font-family: "{JAPANESE_FONT}"; '
        f'src: url("data:font/woff;base64,{font}") format("woff"); }}</style>'
    ).encode()
    embedded, found = re.subn(rb"<defs>", b"<defs>" + face, svg, count=1)
    if found != 1:
        raise RuntimeError("could not find the SVG's <defs> to embed the Japanese font")
    return embedded


def font_settings(lang: Language) -> dict:
    """matplotlib's rc settings for text in `lang` (loading the Japanese font on first use)."""
    if lang != "ja":
        return FONT_SETTINGS
    from matplotlib import font_manager
    from matplotlib_fontja import get_font_ttf_path  # only Japanese images need the 6 MB font

    font_manager.fontManager.addfont(get_font_ttf_path())
    return {**FONT_SETTINGS, "font.sans-serif": [JAPANESE_FONT, *FONT_SETTINGS["font.sans-serif"]]}
