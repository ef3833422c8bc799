"""Serve Leaflet from this machine, never from a CDN.

Leaflet comes from the PyPI package `django-js-lib-leaflet` (installed by requirements.txt).
At start-up we copy the two files the map uses into `static/vendor/leaflet/`, which Streamlit
serves at `/app/static/...` (`server.enableStaticServing` in .streamlit/config.toml). The copy
is git-ignored: third-party code is installed, never committed.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from osa_map.data.files import atomic_write_bytes
from osa_map.paths import STATIC_DIR

LEAFLET_DIR = STATIC_DIR / "vendor" / "leaflet"
GENERATED_DIR = STATIC_DIR / "generated"  # git-ignored: derived from data/ at start-up
# Only what the map needs: no marker images (we draw circle markers), no source maps.
LEAFLET_FILES = ("leaflet.js", "leaflet.css")


@dataclass(frozen=True)
class LeafletUrls:
    js: str
    css: str


def installed_leaflet_dir() -> Path:
    """The folder inside the installed django-js-lib-leaflet package that holds Leaflet's dist files."""
    return Path(str(files("js_lib_leaflet") / "static" / "js_lib_leaflet"))


def publish_leaflet(target: Path = LEAFLET_DIR) -> Path:
    """Copy Leaflet's files into the static folder if they are missing or differ; return the folder.

    Cheap when already published (a size comparison per file), so it can run on every start.
    """
    source = installed_leaflet_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in LEAFLET_FILES:
        src, dst = source / name, target / name
        if not src.is_file():
            raise FileNotFoundError(
                f"Leaflet file {src} is missing: reinstall with `python -m pip install -r requirements.txt`."
            )
        if not dst.is_file() or dst.stat().st_size != src.stat().st_size:
            atomic_write_bytes(dst, src.read_bytes())  # a browser never loads half a file
    return target


def static_url(relative_path: str, base_url_path: str = "") -> str:
    """Root-relative URL of a file under static/, honouring Streamlit's server.baseUrlPath."""
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return f"{prefix}/app/static/{relative_path}"


def leaflet_urls(base_url_path: str = "") -> LeafletUrls:
    return LeafletUrls(
        js=static_url("vendor/leaflet/leaflet.js", base_url_path),
        css=static_url("vendor/leaflet/leaflet.css", base_url_path),
    )


def publish_generated(stem: str, suffix: str, content: str | bytes, base_url_path: str = "") -> str:
    """Write `content` (text as UTF-8) to static/generated/STEM-HASH.SUFFIX (once); return its URL.

    The content hash in the name lets a browser cache the file for good and still fetch a new
    version the moment the content changes.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    target = GENERATED_DIR / name
    if not target.is_file():
        GENERATED_DIR.mkdir(parents=True, exist_ok=True)
        # A temporary name of its own per writer: replicas sharing static/ may write at once.
        atomic_write_bytes(target, data)
    return static_url(f"generated/{name}", base_url_path)


# --- the Japanese web font ----------------------------------------------------------------------
# IPAexGothic from the PyPI package matplotlib-fontja (IPA Font License), already installed for
# Japanese images. Subset to the characters the app can show (the catalogue, the data files, every
# Japanese country name) and published under static/generated/ once per character set, so a
# machine without CJK fonts reads the Japanese UI offline. Only Japanese needs it: the English UI
# loads a subset of the three characters of the language switch's label.
JAPANESE_FONT_FAMILY = "Source Sans"  # Streamlit's own: the font joins it for CJK code points only
JAPANESE_UNICODE_RANGE = "U+3000-30FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF"


def japanese_font_file() -> Path:
    from matplotlib_fontja import get_font_ttf_path

    return Path(get_font_ttf_path())


def subset_font(text: str, source: Path | None = None) -> bytes:
    """The font reduced to the glyphs of `text`, as WOFF (zlib: no extra compressor needed)."""
    from fontTools import subset

    font = subset.load_font(str(source or japanese_font_file()), subset.Options())
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def publish_font_subset(stem: str, text: str, base_url_path: str = "") -> str:
    """Subset the Japanese font to `text` (once per character set) and return its URL."""
    characters = "".join(sorted({char for char in text if ord(char) > 0x2FFF}))
    source = japanese_font_file()
    key = hashlib.sha256(f"{characters}|{source.stat().st_size}".encode()).hexdigest()[:12]
    name = f"{stem}-{key}.woff"
    target = GENERATED_DIR / name
    if not target.is_file():
        GENERATED_DIR.mkdir(parents=True, exist_ok=True)
        # A temporary name of its own per writer, as in publish_generated: servers sharing static/
        # (replicas, or the test workers' servers) may subset the same font at once.
        atomic_write_bytes(target, subset_font(characters + "0123456789", source))
    return static_url(f"generated/{name}", base_url_path)


def japanese_text() -> str:
    """Every character the Japanese UI can show: the catalogue, the data files, country names."""
    import pycountry

    from osa_map.i18n import country_name
    from osa_map.paths import REPO_ROOT

    parts = [path.read_text(encoding="utf-8") for path in (REPO_ROOT / "osa_map" / "i18n").glob("*.toml")]
    parts += [path.read_text(encoding="utf-8") for path in (REPO_ROOT / "data").glob("*.csv")]
    parts += [country_name(country.alpha_3, "ja", country.name) for country in pycountry.countries]
    return "".join(parts)


def font_face_css(url: str, family: str = JAPANESE_FONT_FAMILY) -> str:
    """@font-face that adds the font to `family` (Streamlit's, by default) for CJK code points only:
    Latin text keeps its font, and a browser fetches the file only when a page shows CJK text."""
    return (
        f'@font-face {{ font-family: "{family}"; src: url("{url}") format("woff"); '
        f"font-weight: 100 900; font-display: swap; unicode-range: {JAPANESE_UNICODE_RANGE}; }}"
    )
