"""Small, valid data folders for tests, so unit tests do not depend on the shipped facts."""

from __future__ import annotations

import csv
from pathlib import Path

COHORTS = [
    {"key": "inaugural", "label": "Inaugural (FY2023)", "colour": "#0072B2", "order": "1", "description": "First."},
    {"key": "fy2024_25", "label": "FY2024-25", "colour": "#E69F00", "order": "2", "description": "Added later."},
    {"key": "prospective", "label": "Prospective", "colour": "#CC79A7", "order": "3", "description": "Possible."},
]


def ledger_row(iso3: str, country: str, as_of: str, cohort: str, status: str, **extra: str) -> dict[str, str]:
    row = {
        "iso3": iso3,
        "country": country,
        "as_of": as_of,
        "cohort": cohort,
        "status": status,
        "fiscal_years": "",
        "summary": f"{country} summary.",
        "confidence": "confirmed",
        "source_title": f"Source for {country}",
        "source_url": "https://example.org/" + iso3.lower(),
        "source2_title": "",
        "source2_url": "",
        "last_reviewed": "2026-11-24",
        "notes": "",
    }
    row.update(extra)
    return row


LEDGER = [
    ledger_row("PHL", "Philippines", "2023-11-03", "inaugural", "agreed", fiscal_years="2023"),
    ledger_row("PHL", "Philippines", "2026-02-11", "inaugural", "delivered", fiscal_years="2023;2024;2025"),
    ledger_row("VNM", "Vietnam", "2024-01-01", "fy2024_25", "candidate"),
    ledger_row("VNM", "Vietnam", "2024-11-30", "prospective", "candidate"),
    ledger_row("FJI", "Fiji", "2023-12-18", "inaugural", "agreed", fiscal_years="2023"),
    ledger_row("PNG", "Papua New Guinea", "2025-09-16", "fy2024_25", "agreed", fiscal_years="2025"),
]

PACKAGES = [
    {
        "iso3": "PHL",
        "fiscal_year": "2023",
        "notes_date": "2023-11-03",
        "notes_place": "Manila",
        "amount_jpy": "600000000",
        "amount_approx": "",
        "equipment": "Coastal radar systems",
        "category": "surveillance",
        "recipient_unit": "Philippine Navy",
        "confidence": "confirmed",
        "source_title": "Radar source",
        "source_url": "https://example.org/radar",
        "source2_title": "",
        "source2_url": "",
        "notes": "",
    },
    {
        "iso3": "PHL",
        "fiscal_year": "2024",
        "notes_date": "2024-12-05",
        "notes_place": "Manila",
        "amount_jpy": "1600000000",
        "amount_approx": "yes",
        "equipment": "Boats and radar",
        "category": "mixed",
        "recipient_unit": "Philippine Navy; Philippine Air Force",
        "confidence": "confirmed",
        "source_title": "Boats source",
        "source_url": "",
        "source2_title": "",
        "source2_url": "",
        "notes": "",
    },
]


def write_csv(path: Path, rows: list[dict[str, str]], fieldnames: list[str] | None = None) -> Path:
    fieldnames = fieldnames or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_dataset(directory: Path, ledger=None, packages=None, cohorts=None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    write_csv(directory / "cohorts.csv", cohorts or COHORTS)
    write_csv(directory / "recipients.csv", ledger or LEDGER)
    write_csv(directory / "packages.csv", packages or PACKAGES)
    return directory


def snapshot_for(dataset, as_of, lang="en", **filters):
    """The Snapshot of a plain view of `dataset` on `as_of` (names from the ledger, no regions)."""
    from osa_map.model.snapshot import build_snapshot
    from osa_map.model.view import View

    return build_snapshot(dataset, View(as_of=as_of, lang=lang, **filters), as_of, {}, {})
