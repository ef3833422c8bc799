"""Upload on the Edit data page: a file fixed in a spreadsheet comes back as CSV or XLSX, is checked,
compared with the current file, and saved through the same atomic, history-keeping path as an edit.

The round trips use files written by a real spreadsheet program, LibreOffice Calc (Debian package
libreoffice-calc-nogui), driven headless: CSV -> XLSX, and XLSX -> Shift-JIS CSV as Japanese Excel's
plain "CSV" writes it. Without `soffice` those tests skip, saying so loudly; the rest run anyway.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from osa_map.editing.history import read_change_log
from osa_map.editing.upload import read_upload, save_upload
from tests.helpers import LEDGER, write_dataset
from tests.test_validation import csv_text

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT_S = 60
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
JAPANESE_SUMMARY = "フィリピン沿岸監視レーダー（第二次）"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def soffice() -> str:
    if SOFFICE is None:
        message = (
            "SKIPPED: LibreOffice is not installed, so no file written by a real spreadsheet program is "
            "round-tripped through the Edit page. Install it: apt-get install -y libreoffice-calc-nogui"
        )
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    return SOFFICE


def libreoffice(soffice: str, source: Path, target: str, out: Path, infilter: str | None = None) -> Path:
    """Convert `source` with LibreOffice Calc, headless, in its own profile (no clash with a running one)."""
    out.mkdir(parents=True, exist_ok=True)
    command = [soffice, f"-env:UserInstallation=file://{out}/profile", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    written = out / f"{source.stem}.{target.split(':')[0]}"
    assert written.is_file(), f"LibreOffice wrote nothing for {command}"
    return written


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    directory = write_dataset(tmp_path / "data")
    monkeypatch.setenv("OSA_DATA_DIR", str(directory))
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    return directory


def edited_ledger() -> list[dict[str, str]]:
    rows = [dict(row) for row in LEDGER]
    rows[0]["summary"] = JAPANESE_SUMMARY
    rows[4]["status"] = "delivered"
    return rows


def open_editor(lang: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    app.session_state["editor_unlocked"] = True
    if lang:
        app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/editor.py").run()
    app.text_input(key="editor_name").input("Ken").run()
    assert not app.exception, app.exception
    return app


def upload(app: AppTest, filename: str, data: bytes, mime: str) -> AppTest:
    app.get("file_uploader")[0].set_value((filename, data, mime))
    app.run()
    assert not app.exception, app.exception
    return app


def save_button(app: AppTest):
    return app.button(key="upload-save-recipients.csv")


def test_an_xlsx_written_by_libreoffice_round_trips_through_the_edit_page(data_dir, tmp_path, soffice):
    source = tmp_path / "work" / "recipients.csv"
    source.parent.mkdir()
    source.write_text(csv_text(edited_ledger()), encoding="utf-8")
    # 76 is LibreOffice's token for UTF-8: read the CSV as an editor's Calc would, then save a workbook.
    xlsx = libreoffice(soffice, source, "xlsx", tmp_path / "xlsx", infilter="Text - txt - csv (StarCalc):44,34,76,1")
    assert xlsx.read_bytes().startswith(b"PK\x03\x04")

    app = upload(open_editor(), "recipients.xlsx", xlsx.read_bytes(), XLSX_TYPE)
    said = " ".join(m.value for m in app.markdown)
    # The file name is escaped for Markdown (recipients\.xlsx), so a name cannot format the page.
    assert "**Compared with the current file, recipients\\.xlsx:** 0 row(s) added, 0 removed, 2 changed" in said
    changes = [frame.value for frame in app.dataframe if "change" in frame.value.columns]
    assert any(
        f'summary: "Philippines summary." -> "{JAPANESE_SUMMARY}"' in text for t in changes for text in t["change"]
    )
    assert not save_button(app).disabled

    save_button(app).click().run()
    assert not app.exception, app.exception
    assert "Saved recipients.csv: 0 row(s) added, 0 removed, 2 changed." in app.success[0].value
    # The round trip is exact: Calc's dates, whole numbers and Japanese text come back as they were typed.
    assert (data_dir / "recipients.csv").read_text(encoding="utf-8") == csv_text(edited_ledger())
    entry = read_change_log(data_dir)[-1]
    assert entry["who"] == "Ken" and entry["action"] == "upload recipients.xlsx" and entry["changed"] == 2
    assert not list(data_dir.glob(".recipients.csv.*.tmp"))  # the atomic write left nothing behind


def test_a_shift_jis_csv_from_libreoffice_is_read_and_saved_as_utf8_in_japanese(data_dir, tmp_path, soffice):
    source = tmp_path / "work" / "recipients.csv"
    source.parent.mkdir()
    source.write_text(csv_text(edited_ledger()), encoding="utf-8")
    xlsx = libreoffice(soffice, source, "xlsx", tmp_path / "xlsx", infilter="Text - txt - csv (StarCalc):44,34,76,1")
    # 64 is LibreOffice's token for Shift-JIS: the bytes Japanese Excel's plain "CSV" writes.
    sjis = libreoffice(soffice, xlsx, "csv:Text - txt - csv (StarCalc):44,34,64", tmp_path / "sjis")
    data = sjis.read_bytes()
    assert JAPANESE_SUMMARY.encode("cp932") in data

    app = upload(open_editor(lang="ja"), "recipients.csv", data, "text/csv")
    problems = [frame.value for frame in app.dataframe if "問題" in frame.value.columns][-1]
    assert any(
        "Shift-JIS（cp932。日本語版 Excel の「CSV（コンマ区切り）」の形式）" in text for text in problems["問題"]
    )
    assert any("「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」" in text for text in problems["問題"])
    save_button(app).click().run()
    assert not app.exception, app.exception
    assert (data_dir / "recipients.csv").read_text(encoding="utf-8") == csv_text(edited_ledger())


def test_excel_dates_in_an_upload_are_shown_converted_and_saved_as_iso(data_dir):
    rows = edited_ledger()
    rows[0]["as_of"] = "2023/11/3"
    app = upload(open_editor(), "recipients.csv", csv_text(rows).encode("utf-8-sig"), "text/csv")
    warned = " ".join(w.value for w in app.warning)
    assert "warning(s); you can still save." in warned
    problems = [frame.value for frame in app.dataframe if "problem" in frame.value.columns][-1]
    assert any('("2023/11/3" here) and were read as YYYY-MM-DD ("2023-11-03")' in text for text in problems["problem"])
    save_button(app).click().run()
    text = (data_dir / "recipients.csv").read_text(encoding="utf-8")
    assert "2023-11-03" in text and "2023/11/3" not in text


def test_an_upload_with_errors_cannot_be_saved_and_says_why(data_dir):
    rows = edited_ledger()
    rows[2]["status"] = "maybe"
    before = (data_dir / "recipients.csv").read_bytes()
    app = upload(open_editor(), "recipients.csv", csv_text(rows).encode(), "text/csv")
    assert "1 error(s) to fix before saving." in app.error[0].value
    assert save_button(app).disabled
    assert (data_dir / "recipients.csv").read_bytes() == before


def test_a_workbook_with_typed_cells_reads_as_the_csv_would(data_dir):
    """openpyxl's own workbook (no LibreOffice needed): dates, whole numbers and formula guards."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["not the table"])
    sheet = workbook.create_sheet("recipients")
    rows = edited_ledger()
    sheet.append(list(rows[0]))
    for row in rows:
        cells: list[object] = list(row.values())
        cells[2] = datetime.fromisoformat(row["as_of"])  # a date cell, as Excel keeps it
        if row["fiscal_years"].isdigit():
            cells[5] = float(row["fiscal_years"])  # Excel's numbers are floats: 2023.0
        cells[13] = "'=not a formula" if row is rows[1] else row["notes"]
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = read_upload(data_dir, "recipients.csv", "ledger.xlsx", buffer.getvalue())
    assert result.frame is not None
    assert result.frame.loc[0, "as_of"] == "2023-11-03" and result.frame.loc[0, "fiscal_years"] == "2023"
    assert result.frame.loc[1, "notes"] == "=not a formula"  # the download's apostrophe guard taken off
    assert any('the table was read from the sheet "recipients"' in p.message for p in result.problems)
    assert result.can_save
    save_upload(data_dir, result, "Ken")
    assert read_change_log(data_dir)[-1]["action"] == "upload ledger.xlsx"


def test_a_broken_workbook_is_refused_with_the_fix(data_dir):
    result = read_upload(data_dir, "recipients.csv", "recipients.xlsx", b"PK\x03\x04 not really a zip")
    assert result.frame is None and not result.can_save
    assert result.problems[0].message.startswith("the workbook cannot be opened (")
    assert "CSV UTF-8" in result.problems[0].message
