"""Every piece of UI text in English and Japanese, in one catalogue; dates, yen and names per language.

No Streamlit here. Pages ask `t(key, lang)`; a test fails if any key lacks either language
or if code asks for a key that is not in the catalogue. Data content (summaries, notes, source
titles) is shown as editors wrote it; cohort labels have a Japanese column in cohorts.csv.
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache
from typing import Literal

import pycountry

Language = Literal["en", "ja"]
LANGUAGES: tuple[Language, ...] = ("en", "ja")
DEFAULT_LANGUAGE: Language = "en"

# key -> {"en": ..., "ja": ...}. Values may hold {named} fields filled by t(..., name=value).
# Keep keys grouped by the screen they belong to; add new groups at the end.
CATALOGUE: dict[str, dict[str, str]] = {
    # --- shared ---------------------------------------------------------------------------
    "app.page_title": {"en": "Japan OSA map", "ja": "OSA 地図"},
    "app.title": {"en": "Japan's Official Security Assistance", "ja": "日本の政府安全保障能力強化支援（OSA）"},
    "app.language": {"en": "日本語", "ja": "English"},
    "nav.map": {"en": "Map", "ja": "地図"},
    "nav.about": {"en": "About the data", "ja": "データについて"},
    "nav.editor": {"en": "Edit data", "ja": "データ編集"},
    "nav.data": {"en": "Data tables", "ja": "データ表"},
    "nav.programme": {"en": "Programme", "ja": "事業の概要"},
    "status.candidate": {"en": "Candidate", "ja": "候補"},
    "status.selected": {"en": "Selected", "ja": "選定"},
    "status.agreed": {"en": "Agreed", "ja": "交換公文署名済み"},
    "status.delivered": {"en": "Delivered", "ja": "供与済み"},
    "confidence.confirmed": {"en": "confirmed", "ja": "確認済み"},
    "confidence.reported": {"en": "reported", "ja": "報道ベース"},
    "confidence.unconfirmed": {"en": "unconfirmed", "ja": "未確認"},
    "map.not_recipient": {"en": "Not an OSA recipient", "ja": "OSA 対象国ではない"},
}


def t(key: str, lang: Language, **values: object) -> str:
    """The text for `key` in `lang`, with {fields} filled in. Unknown keys fail loudly in tests."""
    text = CATALOGUE[key][lang]
    return text.format(**values) if values else text


def language_from(value: object) -> Language:
    """A language code from a URL or a toggle, defaulting to English for anything unknown."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]


@cache
def _country_translations() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"], fallback=True)


def country_name(iso3: str, lang: Language, english_name: str) -> str:
    """The country's name: as editors wrote it in English, pycountry's ISO 3166 name in Japanese."""
    if lang == "en":
        return english_name
    country = pycountry.countries.get(alpha_3=iso3)
    if iso3 == "XKX":
        return "コソボ"  # not in ISO 3166, so not in pycountry's catalogue
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
