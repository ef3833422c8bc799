"""Questions about the programme as a whole: yen totals, drones, the ledger as known on a date."""

from __future__ import annotations

from datetime import date

import pandas as pd

# --- programme totals -----------------------------------------------------------------------


def yen_totals(packages: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    """Sum of package yen per value of `by` (aligned with packages), largest first, with how many
    packages each group has and how many of them have no reported amount (counted, not summed)."""
    totals: dict[str, dict[str, int]] = {}
    for group, amount in zip(by.to_numpy(), packages["amount_jpy"], strict=True):
        entry = totals.setdefault(group, {"amount_jpy": 0, "packages": 0, "without_amount": 0})
        entry["packages"] += 1
        if amount is None or pd.isna(amount):
            entry["without_amount"] += 1
        else:
            entry["amount_jpy"] += int(amount)
    frame = pd.DataFrame(
        [{"group": group, **entry} for group, entry in totals.items()],
        columns=["group", "amount_jpy", "packages", "without_amount"],
    )
    return frame.sort_values("amount_jpy", ascending=False, kind="stable").reset_index(drop=True)


def drone_packages(packages: pd.DataFrame) -> pd.DataFrame:
    """Packages whose equipment mentions drones or UAVs: the dual-use question made concrete."""
    mentions = packages["equipment"].str.contains(r"\bdrones?\b|\bUAVs?\b", case=False, regex=True)
    return packages[mentions.to_numpy()]


def ledger_known_on(ledger: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Every ledger row dated on or before `as_of`, newest first: what had been recorded by then."""
    rows = ledger[ledger["as_of"] <= as_of]
    return rows.sort_values(["as_of", "iso3"], ascending=[False, True], kind="stable").reset_index(drop=True)
