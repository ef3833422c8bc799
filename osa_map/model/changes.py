"""What changed: the ledger's events by date, newest first, for a reader coming back.

Each event names its country and date, so a screen can open the map on it. Pure Python: no
Streamlit; the timeline's "What changed" menu (ui.explore) draws it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from osa_map.data.dataset import Dataset
from osa_map.i18n import Language, status_label
from osa_map.model.snapshot import Change


def ledger_changes(
    dataset: Dataset, names: Mapping[str, str], lang: Language, until: date, limit: int | None = None
) -> list[Change]:
    """Every ledger row dated on or before `until`, newest first (then by country name)."""
    rows = dataset.ledger[dataset.ledger["as_of"] <= until]
    events = [
        Change(row.as_of, row.iso3, names.get(row.iso3, row.country), status_label(row.status, lang), row.summary)
        for row in rows.itertuples()
    ]
    events.sort(key=lambda change: change.name)
    events.sort(key=lambda change: change.day, reverse=True)
    return events[:limit] if limit else events
