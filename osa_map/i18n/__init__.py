"""Every piece of UI text in English and Japanese, in one catalogue; dates, yen and names per language.

No Streamlit here. Pages ask `t(key, lang)`; a test fails if any key lacks either language
or if code asks for a key that is not in the catalogue. Data content (summaries, notes, source
titles) is shown as editors wrote it; cohort labels have a Japanese column in cohorts.csv.
"""

from __future__ import annotations

import gettext
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import pycountry

Language = Literal["en", "ja"]
LANGUAGES: tuple[Language, ...] = ("en", "ja")
DEFAULT_LANGUAGE: Language = "en"
CATALOGUE_DIR = Path(__file__).resolve().parent  # en.toml, ja.toml


def _load_catalogue() -> dict[str, dict[str, str]]:
    """key -> {"en": ..., "ja": ...}, from one data file per language beside this module."""
    catalogue: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        with (CATALOGUE_DIR / f"{lang}.toml").open("rb") as handle:
            for key, text in tomllib.load(handle).items():
                catalogue.setdefault(key, {})[lang] = text
    return catalogue


CATALOGUE: dict[str, dict[str, str]] = _load_catalogue()


def t(key: str, lang: Language, **values: object) -> str:
    """The text for `key` in `lang`, with {fields} filled in. Unknown keys fail loudly in tests."""
    text = CATALOGUE[key][lang]
    return text.format(**values) if values else text


def tn(key: str, lang: Language, count: int, **values: object) -> str:
    """Counted text: KEY.one for exactly one in English, else KEY.other; `count` fills {count}."""
    form = "one" if count == 1 and lang == "en" else "other"
    return t(f"{key}.{form}", lang, count=count, **values)


def language_from(value: object) -> Language:
    """A language code from a URL or a toggle, defaulting to English for anything unknown."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]


# Where pycountry's Japanese ISO 3166 name is not the one Japan's Foreign Ministry uses (Taiwan
# would read 中国領・台湾), or the code is not in ISO 3166 at all (Kosovo).
JAPANESE_NAME_OVERRIDES: dict[str, str] = {
    "TWN": "台湾",
    "KOR": "韓国",
    "PRK": "北朝鮮",
    "XKX": "コソボ",
}


@cache
def _country_translations() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"], fallback=True)


def country_name(iso3: str, lang: Language, english_name: str) -> str:
    """The country's name: as editors wrote it in English, pycountry's ISO 3166 name in Japanese."""
    if lang == "en":
        return english_name
    if iso3 in JAPANESE_NAME_OVERRIDES:
        return JAPANESE_NAME_OVERRIDES[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return english_name
    return _country_translations().gettext(country.name)


def format_date(value: date | None, lang: Language) -> str:
    """3 Nov 2023 in English, 2023年11月3日 in Japanese."""
    if value is None:
        return "date not confirmed" if lang == "en" else "日付未確認"
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b %Y}"


def format_yen(amount: int | None, lang: Language, approximate: bool = False) -> str:
    """Briefing-style amounts: ¥600 million / 6億円, ¥575 million / 5億7,500万円, about ... / 約..."""
    if amount is None:
        return "amount not reported" if lang == "en" else "金額未公表"
    if lang == "ja":
        # Japanese counts in 億 (10^8) and 万 (10^4): 575,000,000 is 5億7,500万円, as the press writes it.
        oku, rest = divmod(amount, 100_000_000)
        man, yen = divmod(rest, 10_000)
        parts = [f"{oku:,}億" if oku else "", f"{man:,}万" if man else "", f"{yen:,}" if yen else ""]
        text = ("".join(parts) or "0") + "円"
        return f"約{text}" if approximate else text
    if amount >= 1_000_000_000:
        text = f"¥{amount / 1_000_000_000:.1f} billion".replace(".0 billion", " billion")
    elif amount >= 1_000_000:
        text = f"¥{amount / 1_000_000:,.0f} million"
    else:
        text = f"¥{amount:,}"
    return f"about {text}" if approximate else text


def status_label(status: str, lang: Language) -> str:
    """The label of a status key, "Agreed" / 交換公文署名済み; an unknown key is shown as written."""
    key = f"status.{status}"
    return t(key, lang) if key in CATALOGUE else status


def confidence_label(level: str, lang: Language) -> str:
    """The label of a confidence level, "confirmed" / 確認済み; anything else (e.g. empty) as written."""
    key = f"confidence.{level}"
    return t(key, lang) if key in CATALOGUE else level


def cohort_label(row: object, lang: Language) -> str:
    """A cohort's label from its cohorts.csv row: `label_ja` in Japanese when the editors gave one."""
    label = str(_field(row, "label"))
    if lang == "ja":
        return str(_field(row, "label_ja") or "") or label
    return label


def _field(row: object, name: str) -> object:
    # Rows arrive as pandas Series, itertuples() namedtuples or plain dicts.
    if isinstance(row, dict):
        return row.get(name, "")
    try:
        return row[name]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return getattr(row, name, "")


def fiscal_years(years: list[int], lang: Language) -> str:
    """FY2023, FY2024 / 2023年度、2024年度."""
    if not years:
        return t("fy.none", lang)
    return t("tour.list_separator", lang).join(t("fy", lang, year=year) for year in years)
