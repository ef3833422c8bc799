"""Tables of what a view shows, with keys turned into labels and countries named."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pandas as pd

from osa_map.i18n import Language, format_yen, t
from osa_map.render.text import escape_markdown, markdown_link

# --- tables for the Data page ---------------------------------------------------------------

STANDING_COLUMNS = ("iso3", "country", "region", "cohort", "status", "fiscal_years", "confidence", "as_of")
LEDGER_COLUMNS = (
    "as_of",
    "iso3",
    "country",
    "cohort",
    "status",
    "fiscal_years",
    "summary",
    "confidence",
    "source_title",
    "source_url",
    "source2_title",
    "source2_url",
    "notes",
)
PACKAGE_TABLE_COLUMNS = (
    "iso3",
    "country",
    "fiscal_year",
    "notes_date",
    "notes_place",
    "amount_jpy",
    "amount_approx",
    "equipment",
    "category",
    "recipient_unit",
    "confidence",
    "source_title",
    "source_url",
    "source2_title",
    "source2_url",
    "notes",
)


# What the Data page shows of each table, in order: the columns a reader needs, as a table of
# text that wraps, so nothing is cut off and no table scrolls sideways at 1280 px. "source" is
# the source's title linking to it. Downloads keep every column.
STANDING_ON_SCREEN = ("country", "cohort", "status", "fiscal_years", "region", "confidence", "as_of", "source")
LEDGER_ON_SCREEN = ("as_of", "country", "cohort", "status", "summary", "confidence", "source", "source2")
PACKAGES_ON_SCREEN = (
    "country", "fiscal_year", "notes_date", "amount_jpy", "equipment", "category", "confidence", "source",
)  # fmt: skip
# Short values read as one piece: a date or an amount is never broken over two lines.
UNBROKEN_COLUMNS = frozenset({"as_of", "notes_date", "amount_jpy", "fiscal_year"})
LINKED_SOURCES = {"source": ("source_title", "source_url"), "source2": ("source2_title", "source2_url")}


def sorted_rows(table: pd.DataFrame, column: str, descending: bool) -> pd.DataFrame:
    """`table`'s rows ordered by an on-screen column (a source by its title); blanks always last."""
    key = LINKED_SOURCES.get(column, (column,))[0]
    if key not in table:
        return table
    values = list(table[key])
    filled = [row for row, value in enumerate(values) if not _blank(value)]
    filled.sort(key=lambda row: _sort_key(values[row]), reverse=descending)
    return table.iloc[filled + [row for row, value in enumerate(values) if _blank(value)]]


def readable(table: pd.DataFrame, columns: Sequence[str], map_links: Mapping[str, str], lang: Language) -> pd.DataFrame:
    """`table` as the Data page shows it: Markdown text with every CSV value escaped, headed in
    `lang`; a country's name links to the map (`map_links`: ISO3 -> link), a source's title to it."""
    shown: dict[str, list[str]] = {}
    for column in columns:
        heading = t(f"explore.col.{LINKED_SOURCES.get(column, (column,))[0]}", lang)
        if column == "country":
            shown[heading] = [
                markdown_link(name, map_links[iso3]) if iso3 in map_links else escape_markdown(name)
                for iso3, name in zip(table["iso3"], table["country"], strict=True)
            ]
        elif column in LINKED_SOURCES:
            titles, urls = (table[name] if name in table else [None] * len(table) for name in LINKED_SOURCES[column])
            shown[heading] = [_source_cell(title, url) for title, url in zip(titles, urls, strict=True)]
        elif column == "amount_jpy":
            approx = table["amount_approx"] if "amount_approx" in table else [False] * len(table)
            shown[heading] = [
                "" if _blank(amount) else format_yen(int(amount), lang, bool(rough))
                for amount, rough in zip(table[column], approx, strict=True)
            ]
        else:
            shown[heading] = [_text_cell(value) for value in table[column]]
    return pd.DataFrame(shown)


def _source_cell(title: object, url: object) -> str:
    if _blank(url):
        return "" if _blank(title) else escape_markdown(str(title))
    return markdown_link(str(url) if _blank(title) else str(title), str(url))


def _text_cell(value: object) -> str:
    if _blank(value):
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return escape_markdown(str(value))


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str | date) and bool(pd.isna(value))) or value == ""


def _sort_key(value: object) -> tuple[int, object]:
    """Numbers by value and everything else as text, so a column of either sorts."""
    if isinstance(value, numbers.Real) and not _blank(value):
        return (0, float(value))
    return (1, "" if _blank(value) else str(value).casefold())


def labelled(
    frame: pd.DataFrame, columns: Iterable[str], labels: Mapping[str, Mapping[str, str]], names: Mapping[str, str]
) -> pd.DataFrame:
    """`frame` cut to `columns`, with key columns (cohort, status, ...) shown as labels and countries named.

    `labels` maps a column to {key: label}; `names` maps ISO3 to the country's name in the reader's language.
    """
    table = frame.reset_index(drop=True).copy()
    if "country" in columns:
        english = table["country"] if "country" in table else table["iso3"]
        table["country"] = [names.get(iso3, name) for iso3, name in zip(table["iso3"], english, strict=True)]
    for column, mapping in labels.items():
        if column in table:
            table[column] = [mapping.get(value, value) for value in table[column]]
    if "fiscal_years" in table:
        table["fiscal_years"] = [", ".join(str(year) for year in years) for years in table["fiscal_years"]]
    if "amount_jpy" in table:
        table["amount_jpy"] = pd.array(table["amount_jpy"].tolist(), dtype="Int64")
    return table[[column for column in columns if column in table]]
