"""Time in the programme: the ledger's change dates and Japanese fiscal years (April to March)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

FISCAL_YEAR_START_MONTH = 4  # Japanese fiscal years run April to March


# --- time -----------------------------------------------------------------------------------


def change_dates(ledger: pd.DataFrame, until: date | None = None) -> list[date]:
    """Every date on which the ledger says something changed, oldest first (the Play button's steps)."""
    dates = sorted(set(ledger["as_of"]))
    return [day for day in dates if until is None or day <= until]


def next_change_date(dates: list[date], current: date) -> date | None:
    """The first change after `current`, or None when `current` is at or past the last one."""
    return next((day for day in dates if day > current), None)


def fiscal_year_of(day: date) -> int:
    """FY2024 runs from 1 April 2024 to 31 March 2025."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_start(year: int) -> date:
    return date(year, FISCAL_YEAR_START_MONTH, 1)


def fiscal_year_end(year: int) -> date:
    return fiscal_year_start(year + 1) - timedelta(days=1)


def fiscal_year_shortcuts(first: date, today: date) -> list[tuple[int, date]]:
    """One (fiscal year, date) per year from `first` to `today`: the year's last day, or today for
    the year still running. The end of a year is what a briefing at its close would have known;
    the end of FY2023 (31 March 2024) is the seed article's view."""
    return [
        (year, min(fiscal_year_end(year), today)) for year in range(fiscal_year_of(first), fiscal_year_of(today) + 1)
    ]
