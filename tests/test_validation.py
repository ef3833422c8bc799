"""The validator on files as editors really save them: every bad case has its exact message.

Each case replaces one file of a small valid folder with the given bytes and lists what the
editor must be told: severity, file, spreadsheet row (header = row 1), column and message.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.data.schema import MAX_FILE_BYTES, DataError
from tests.helpers import COHORTS, LEDGER, PACKAGES, ledger_row, write_dataset
from tests.test_cli import call_main

EXCEL_HINT = "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'."


def csv_text(rows: list[dict[str, str]], delimiter: str = ",", line_end: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator=line_end)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


LEDGER_CSV = csv_text(LEDGER)
PACKAGES_CSV = csv_text(PACKAGES)
LEDGER_HEADER = LEDGER_CSV.splitlines()[0]


def with_cell(rows: list[dict[str, str]], index: int, **change: str) -> str:
    rows = [dict(row) for row in rows]
    rows[index].update(change)
    return csv_text(rows)


# The helpers' packages.csv leaves one source_url empty: a warning every case shares, left out below.
BASELINE_WARNING = ("warning", "packages.csv, row 3, column source_url: this cell is empty; fill it in if you can.")


def problems_for(tmp_path: Path, file: str, data: bytes) -> list[tuple[str, str]]:
    """What the editor is told once `file` holds `data`, beside the helpers' valid files."""
    directory = write_dataset(tmp_path / "data")
    (directory / file).write_bytes(data)
    try:
        dataset = load_dataset(directory)
    except DataError as error:
        problems = error.problems
    else:
        problems = list(dataset.warnings)
    return [(p.severity, str(p)) for p in problems if (p.severity, str(p)) != BASELINE_WARNING]


# (case, file, bytes, [(severity, "file, row N, column C: message")]) -- the exact text the editor reads.
BAD_FILES = [
    (
        "semicolon separated",
        "recipients.csv",
        csv_text(LEDGER, delimiter=";").encode(),
        [
            (
                "error",
                "recipients.csv, row 1: the file is separated by semicolons, not commas. Excel does this when the "
                f"computer's region uses a decimal comma. {EXCEL_HINT}",
            )
        ],
    ),
    (
        "legacy Windows encoding",
        "recipients.csv",
        with_cell(LEDGER, 2, summary="Coopération de sécurité.").encode("cp1252"),
        [
            (
                "error",
                'recipients.csv, row 4: the file is not UTF-8: byte 0xE9 (probably "é" in a Windows or Mac encoding) '
                f"cannot be read. {EXCEL_HINT} Plain 'CSV' garbles accented letters.",
            )
        ],
    ),
    (
        # Read since issue 15 (the byte-order mark says how), with a warning: see test_encodings.py.
        "UTF-16 'Unicode Text'",
        "packages.csv",
        PACKAGES_CSV.encode("utf-16"),
        [
            (
                "warning",
                "packages.csv: the file was saved as UTF-16 ('Unicode Text'), not UTF-8. It was read as UTF-16 and "
                "its text kept exactly; saving in the app writes UTF-8. Next time save it as CSV UTF-8: in Japanese "
                "Excel 「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」; in English Excel File > Save As > "
                "'CSV UTF-8 (Comma delimited)'.",
            )
        ],
    ),
    (
        "empty file",
        "recipients.csv",
        b"",
        [
            ("error", "recipients.csv: the file is empty. Restore it from git or data/history/, then edit it again."),
        ],
    ),
    (
        "only blank lines and a BOM",
        "cohorts.csv",
        b"\xef\xbb\xbf\r\n\r\n",
        [("error", "cohorts.csv: the file is empty. Restore it from git or data/history/, then edit it again.")],
    ),
    (
        "header only",
        "recipients.csv",
        (LEDGER_HEADER + "\r\n").encode(),
        [
            (
                "error",
                "recipients.csv: the file has a header row but no data rows. Add the rows back, or restore the file "
                "from git.",
            ),
            # every package now names a country the (empty) ledger lacks
            (
                "error",
                'packages.csv, row 2, column iso3: "PHL" has no row in recipients.csv. Add the country to '
                "recipients.csv first.",
            ),
            (
                "error",
                'packages.csv, row 3, column iso3: "PHL" has no row in recipients.csv. Add the country to '
                "recipients.csv first.",
            ),
        ],
    ),
    (
        "binary junk",
        "packages.csv",
        bytes(range(256)) * 4,
        [("error", f"packages.csv: the file holds binary data, not text: it is not a CSV file. {EXCEL_HINT}")],
    ),
    (
        "an Excel workbook saved with a .csv name",
        "recipients.csv",
        b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64,
        [("error", f"recipients.csv: this is an Excel workbook (.xlsx), not a CSV file. {EXCEL_HINT}")],
    ),
    (
        "oversized",
        "recipients.csv",
        (LEDGER_CSV + "\n" * (MAX_FILE_BYTES + 10)).encode(),
        [
            (
                "error",
                "recipients.csv: the file is 5.0 MB, more than the 5 MB limit. It is probably not the right file; "
                "save the sheet again as CSV, without pictures or extra sheets.",
            )
        ],
    ),
    (
        "unclosed quote",
        "recipients.csv",
        (LEDGER_CSV + 'KOR,Korea,2025-01-01,inaugural,agreed,,"unfinished\n').encode(),
        [
            (
                "error",
                "recipients.csv: the file cannot be read as CSV (unexpected end of data). A double quote is probably "
                "not closed; a cell holding quotes must be wrapped in double quotes with each inner quote doubled.",
            )
        ],
    ),
    (
        "a comma in an unquoted cell",
        "cohorts.csv",
        csv_text(COHORTS).replace("Possible.", "Possible, later.").encode(),
        [
            (
                "error",
                'cohorts.csv, row 4: the row has 6 cells but the header has 5 (extra value "later."). Remove the '
                "extra cells, or wrap a value that contains a comma in double quotes.",
            )
        ],
    ),
    (
        "not a real date",
        "recipients.csv",
        with_cell(LEDGER, 3, as_of="2024-13-01").encode(),
        [
            (
                "error",
                'recipients.csv, row 5, column as_of: "2024-13-01" is not a real calendar date. Check the month '
                "and day.",
            )
        ],
    ),
    (
        "a date Excel rewrote",
        "packages.csv",
        with_cell(PACKAGES, 1, notes_date="05/12/2024").encode(),
        [
            (
                "error",
                'packages.csv, row 3, column notes_date: "05/12/2024" is not a date in the form YYYY-MM-DD. Write it '
                "like 2024-03-31. Excel may have changed it: format the column as Text.",
            )
        ],
    ),
    (
        "negative yen",
        "packages.csv",
        with_cell(PACKAGES, 0, amount_jpy="-600000000").encode(),
        [
            (
                "error",
                'packages.csv, row 2, column amount_jpy: "-600000000" is not a whole number of yen. Write digits '
                "only, e.g. 600000000 for 600 million yen.",
            )
        ],
    ),
    (
        "yen in Excel's scientific notation",
        "packages.csv",
        with_cell(PACKAGES, 0, amount_jpy="6E+08").encode(),
        [
            (
                "error",
                'packages.csv, row 2, column amount_jpy: "6E+08" is in scientific notation, which Excel uses for '
                "long numbers. Format the column as Text and write the amount in digits, e.g. 600000000.",
            )
        ],
    ),
    (
        "an unknown country code",
        "recipients.csv",
        with_cell(LEDGER, 4, iso3="XYZ").encode(),
        [
            (
                "error",
                'recipients.csv, row 6, column iso3: "XYZ" is not a known ISO 3166 alpha-3 country code. Check the '
                "code, e.g. PHL for the Philippines.",
            )
        ],
    ),
    (
        "a cohort cohorts.csv does not define",
        "recipients.csv",
        with_cell(LEDGER, 0, cohort="fy2026").encode(),
        [
            (
                "error",
                'recipients.csv, row 2, column cohort: "fy2026" is not allowed here. Use one of: inaugural, '
                "fy2024_25, prospective.",
            )
        ],
    ),
    (
        "an unknown status",
        "recipients.csv",
        with_cell(LEDGER, 1, status="handed over").encode(),
        [
            (
                "error",
                'recipients.csv, row 3, column status: "handed over" is not allowed here. Use one of: candidate, '
                "selected, agreed, delivered.",
            )
        ],
    ),
    (
        "a link that is not http or https",
        "packages.csv",
        with_cell(PACKAGES, 0, source2_url="ftp://example.org/file").encode(),
        [
            (
                "error",
                'packages.csv, row 2, column source2_url: "ftp://example.org/file" is not a web link. Links must '
                "start with http:// or https://.",
            )
        ],
    ),
    (
        "a javascript link",
        "recipients.csv",
        with_cell(LEDGER, 0, source_url="javascript:alert(1)").encode(),
        [
            (
                "error",
                'recipients.csv, row 2, column source_url: "javascript:alert(1)" is not a web link. Links must start '
                "with http:// or https://.",
            )
        ],
    ),
    (
        "the same country and date twice",
        "recipients.csv",
        csv_text([*LEDGER, LEDGER[2]]).encode(),
        [
            (
                "error",
                "recipients.csv, row 8, column as_of: row 4 already has iso3 VNM, as_of 2024-01-01. Give each change "
                "its own date, or merge the rows.",
            )
        ],
    ),
    (
        "a package for a country not in the ledger",
        "packages.csv",
        with_cell(PACKAGES, 1, iso3="IDN").encode(),
        [
            (
                "error",
                'packages.csv, row 3, column iso3: "IDN" has no row in recipients.csv. Add the country to '
                "recipients.csv first.",
            )
        ],
    ),
    (
        "a required column missing",
        "packages.csv",
        csv_text([{k: v for k, v in row.items() if k != "equipment"} for row in PACKAGES]).encode(),
        [
            (
                "error",
                "packages.csv, row 1, column equipment: the required column is missing from the header row. Add a "
                "column named equipment.",
            )
        ],
    ),
    (
        "a column named twice",
        "cohorts.csv",
        csv_text(COHORTS).replace("description", "label", 1).encode(),
        [
            ("error", "cohorts.csv, row 1, column label: this column name appears twice in the header. Delete one."),
            (
                "error",
                "cohorts.csv, row 1, column description: the required column is missing from the header row. Add a "
                "column named description.",
            ),
        ],
    ),
    (
        "fiscal years out of order",
        "recipients.csv",
        with_cell(LEDGER, 1, fiscal_years="2024;2023").encode(),
        [
            (
                "error",
                'recipients.csv, row 3, column fiscal_years: "2024;2023" lists years out of order or twice. Write '
                "each year once, in ascending order.",
            )
        ],
    ),
    (
        "a missing source is a warning",
        "recipients.csv",
        with_cell(LEDGER, 2, source_title="", source_url="").encode(),
        [
            ("warning", "recipients.csv, row 4, column source_title: this cell is empty; fill it in if you can."),
            ("warning", "recipients.csv, row 4, column source_url: this cell is empty; fill it in if you can."),
        ],
    ),
    (
        "a misspelt extra column is a warning",
        "packages.csv",
        csv_text([dict(row, Notes_Date2="x") for row in PACKAGES]).encode(),
        [
            (
                "warning",
                'packages.csv, row 1, column Notes_Date2: the app does not read a column "Notes_Date2". Check the '
                "spelling against data/README.md, or delete it.",
            )
        ],
    ),
    (
        "a country spelt two ways is a warning",
        "recipients.csv",
        with_cell(LEDGER, 1, country="The Philippines").encode(),
        [
            (
                "warning",
                'recipients.csv, row 3, column country: "The Philippines" differs from "Philippines" on row 2 for '
                "PHL. Spell the country the same way on every row.",
            )
        ],
    ),
    (
        "a packages file with no packages yet is a warning",
        "packages.csv",
        (PACKAGES_CSV.splitlines()[0] + "\n").encode(),
        [
            (
                "warning",
                "packages.csv: the file has a header row but no data rows. Add the rows back, or restore the file "
                "from git.",
            )
        ],
    ),
]


@pytest.mark.parametrize(("case", "file", "data", "expected"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_gets_its_exact_message(tmp_path, case, file, data, expected):
    assert problems_for(tmp_path, file, data) == expected


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    directory = write_dataset(tmp_path / "data")
    (directory / "recipients.csv").write_text(with_cell(LEDGER, 0, as_of="2024-02-30"))
    (directory / "packages.csv").write_text(with_cell(PACKAGES, 1, amount_jpy="1.6 billion", category="boats"))
    (directory / "cohorts.csv").write_text(csv_text([dict(COHORTS[0], colour="blue"), *COHORTS[1:]]))
    with pytest.raises(DataError) as caught:
        load_dataset(directory)
    assert {(p.file, p.row, p.column) for p in caught.value.problems if p.severity == "error"} == {
        ("cohorts.csv", 2, "colour"),
        ("recipients.csv", 2, "as_of"),
        ("packages.csv", 3, "amount_jpy"),
        ("packages.csv", 3, "category"),
    }


@pytest.mark.parametrize(
    "spreadsheet_bytes",
    [
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), id="BOM"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="CRLF"),
        pytest.param(lambda text: (text + "\n\n,,,,\r\n\n").encode(), id="trailing blank lines and empty rows"),
        pytest.param(lambda text: text.replace(",", " , ").encode(), id="padded cells"),
        pytest.param(
            lambda text: b"\xef\xbb\xbf" + text.replace(",", ", ").replace("\n", "\r\n").encode() + b"\r\n",
            id="all at once, as Excel on Windows",
        ),
    ],
)
def test_what_spreadsheets_write_is_fine(tmp_path, spreadsheet_bytes):
    directory = write_dataset(tmp_path / "data")
    for name, text in (("recipients.csv", LEDGER_CSV), ("packages.csv", PACKAGES_CSV)):
        (directory / name).write_bytes(spreadsheet_bytes(text))
    dataset = load_dataset(directory)
    assert len(dataset.ledger) == len(LEDGER)
    assert dataset.packages.loc[0, "amount_jpy"] == 600_000_000


def test_rows_keep_spreadsheet_numbers_after_a_blank_line(tmp_path):
    lines = with_cell(LEDGER, 3, status="maybe").splitlines()
    text = "\n".join([*lines[:3], "", *lines[3:]]) + "\n"  # a blank row 4 in the spreadsheet
    problems = problems_for(tmp_path, "recipients.csv", text.encode())
    assert [p for p in problems if p[0] == "error"] == [
        (
            "error",
            'recipients.csv, row 6, column status: "maybe" is not allowed here. Use one of: candidate, selected, '
            "agreed, delivered.",
        )
    ]


def test_kosovo_and_a_new_cohort_need_no_code(tmp_path):
    cohorts = [*COHORTS, {"key": "fy2026", "label": "FY2026", "colour": "#009E73", "order": "4", "description": ""}]
    ledger = [*LEDGER, ledger_row("XKX", "Kosovo", "2026-04-01", "fy2026", "candidate")]
    dataset = load_dataset(write_dataset(tmp_path / "data", ledger=ledger, cohorts=cohorts))
    assert "XKX" in set(dataset.ledger["iso3"])
    assert dataset.cohort_label("fy2026") == "FY2026"


@pytest.fixture
def cli(capsys, monkeypatch):
    """`python -m osa_map` in-process (test_cli.py runs the real command once)."""

    def run(*args: str):
        return call_main(capsys, monkeypatch, *args)

    return run


def test_validate_command_on_junk_exits_1_without_a_traceback(tmp_path, cli):
    directory = write_dataset(tmp_path / "data")
    (directory / "recipients.csv").write_bytes(os.urandom(4096))
    (directory / "packages.csv").write_bytes(b"")
    result = cli("validate", str(directory))
    assert result.returncode == 1
    assert "error: recipients.csv:" in result.stdout
    assert "error: packages.csv: the file is empty." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_command_with_warnings_only_exits_0(tmp_path, cli):
    ledger = [dict(LEDGER[0], confidence=""), *LEDGER[1:]]
    result = cli("validate", str(write_dataset(tmp_path / "data", ledger=ledger)))
    assert result.returncode == 0, result.stdout
    assert "warning: recipients.csv, row 2, column confidence: this cell is empty; fill it in if you can." in (
        result.stdout
    )


def test_validate_warns_about_cohort_colours_some_readers_cannot_tell_apart(tmp_path, cli):
    """The colour-vision check runs where editors run it: red and green collapse for deuteranopes."""
    cohorts = [dict(COHORTS[0], colour="#D62728"), dict(COHORTS[1], colour="#2CA02C"), COHORTS[2]]
    result = cli("validate", str(write_dataset(tmp_path / "data", cohorts=cohorts)))
    assert result.returncode == 0  # a warning: the map still works
    assert (
        'warning: cohorts.csv, column colour: cohort "inaugural" (#D62728) and cohort "fy2024_25" (#2CA02C) look '
        "too alike to readers with deuteranopia (colour difference ΔE2000 4.6; the map needs at least 10)."
    ) in result.stdout
    assert "1 warning(s)" not in result.stdout  # the baseline warning and the colour one: two
    clean = cli("validate", str(write_dataset(tmp_path / "clean")))
    assert "colour" not in clean.stdout


def test_the_validators_grey_is_the_maps_grey():
    from osa_map.data.colours import NON_RECIPIENT_GREY
    from osa_map.render.webmap import NON_RECIPIENT_FILL

    assert NON_RECIPIENT_GREY == NON_RECIPIENT_FILL
