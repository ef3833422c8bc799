"""Country names come from one place: this module.

Recipients use the name editors wrote in the ledger (so a correction there shows everywhere);
every other country uses the boundary file's Natural Earth name.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def country_names(boundary_names: Mapping[str, str], ledger: pd.DataFrame) -> dict[str, str]:
    names = dict(boundary_names)
    latest_rows = ledger.sort_values("as_of").groupby("iso3").tail(1)
    names.update(zip(latest_rows["iso3"], latest_rows["country"], strict=True))
    return names


def names_on_map(countries: pd.DataFrame, ledger: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> name of every country in a boundary frame (columns iso3, name), ledger names first."""
    return country_names(dict(zip(countries["iso3"], countries["name"], strict=True)), ledger)
