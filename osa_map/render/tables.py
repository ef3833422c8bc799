"""Tables of what a view shows, with keys turned into labels and countries named."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

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
