"""Each country's standing on a date: the one "known from this date" rule of the dated ledger."""

from __future__ import annotations

from datetime import date

import pandas as pd


def recipients_as_of(ledger: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Each country's standing on `as_of`: its latest ledger row dated on or before that day.

    Countries whose first row is later than `as_of` are absent, so the map shows only what
    was known on that date.
    """
    known = ledger[ledger["as_of"] <= as_of]
    latest = known.sort_values(["iso3", "as_of"]).groupby("iso3", sort=True).tail(1)
    return latest.set_index("iso3", drop=False)


def country_history(ledger: pd.DataFrame, iso3: str, as_of: date) -> pd.DataFrame:
    """A country's ledger rows up to `as_of`, oldest first: the story behind its standing."""
    rows = ledger[(ledger["iso3"] == iso3) & (ledger["as_of"] <= as_of)]
    return rows.sort_values("as_of")
