"""Files in the encodings spreadsheets write: read when the bytes leave no doubt, refused with the fix when not.

Japanese Excel's plain "CSV (comma delimited)" writes Shift-JIS (cp932); "Unicode Text" writes
UTF-16 with a byte-order mark; "CSV UTF-8" writes UTF-8 with one. The first two are read exactly,
with a warning naming the menus that save CSV UTF-8; a file whose bytes read as plausible text in
both Shift-JIS and Windows-1252 is refused, naming both, with the fix in the editor's language.
"""

from __future__ import annotations

import pytest

from osa_map.data.dataset import load_dataset
from osa_map.data.reading import parse_csv
from osa_map.data.schema import DataError
from tests.helpers import LEDGER, ledger_row, write_dataset
from tests.test_validation import csv_text

JAPANESE_SUMMARY = "フィリピン沿岸監視レーダー～①（供与済み）、髙島屋・㈱テスト"  # cp932-only signs included
LEDGER_JA = [dict(row) for row in LEDGER]
LEDGER_JA[0]["summary"] = JAPANESE_SUMMARY
LEDGER_JA[1]["notes"] = "第二次供与。"

SHIFT_JIS_WARNING_EN = (
    "recipients.csv: the file was saved as Shift-JIS (cp932: what Japanese Excel's plain 'CSV (Comma delimited)' "
    "writes), not UTF-8. It was read as Shift-JIS and its text kept exactly; saving in the app writes UTF-8. Next "
    "time save it as CSV UTF-8: in Japanese Excel 「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」; in English Excel "
    "File > Save As > 'CSV UTF-8 (Comma delimited)'."
)


def read(name: str, data: bytes):
    problems = []
    frame = parse_csv(name, data, problems)
    return frame, problems


def test_shift_jis_from_japanese_excel_is_read_exactly_with_a_warning(tmp_path):
    data = csv_text(LEDGER_JA).replace("\n", "\r\n").encode("cp932")
    frame, problems = read("recipients.csv", data)
    assert frame is not None
    assert frame.loc[2, "summary"] == JAPANESE_SUMMARY  # every character as typed, ～ and ① included
    assert frame.loc[3, "notes"] == "第二次供与。"
    assert [(p.severity, str(p)) for p in problems] == [("warning", SHIFT_JIS_WARNING_EN)]
    japanese = problems[0].text("ja")
    assert "Shift-JIS" in japanese and "「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」" in japanese
    assert "保存されています" in japanese

    directory = write_dataset(tmp_path / "data")
    (directory / "recipients.csv").write_bytes(data)
    dataset = load_dataset(directory)
    assert JAPANESE_SUMMARY in set(dataset.ledger["summary"])
    assert any(p.message == SHIFT_JIS_WARNING_EN.split(": ", 1)[1] for p in dataset.warnings)


def test_the_issues_example_byte_0x83_is_now_read():
    """The issue's refusal: byte 0x83 (katakana row), reported as "ƒ". Now it is フィリピン."""
    data = csv_text([ledger_row("PHL", "フィリピン", "2023-11-03", "inaugural", "agreed")]).encode("cp932")
    assert b"\x83" in data
    frame, problems = read("recipients.csv", data)
    assert frame.loc[2, "country"] == "フィリピン"
    assert [p.severity for p in problems] == ["warning"]


def test_utf16_with_a_byte_order_mark_is_read_exactly_with_a_warning():
    for encoding in ("utf-16", "utf-16-be"):
        data = csv_text(LEDGER_JA).encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        frame, problems = read("recipients.csv", data)
        assert frame.loc[2, "summary"] == JAPANESE_SUMMARY
        assert [p.severity for p in problems] == ["warning"]
        assert "UTF-16" in problems[0].message and "UTF-16" in problems[0].text("ja")


def test_utf8_with_a_byte_order_mark_needs_no_warning():
    frame, problems = read("recipients.csv", b"\xef\xbb\xbf" + csv_text(LEDGER_JA).encode())
    assert frame.loc[2, "summary"] == JAPANESE_SUMMARY and problems == []


def test_western_text_is_not_mistaken_for_shift_jis():
    """Réunion in Windows-1252 happens to be valid Shift-JIS bytes, but gives no kana: still refused."""
    data = csv_text([ledger_row("REU", "Réunion", "2024-01-01", "inaugural", "agreed")]).encode("cp1252")
    data.decode("cp932")  # the trap: these bytes are valid Shift-JIS
    frame, problems = read("recipients.csv", data)
    assert frame is None
    assert problems[0].severity == "error"
    assert 'byte 0xE9 (probably "é" in a Windows or Mac encoding)' in problems[0].message


def test_kanji_without_kana_is_ambiguous_and_both_encodings_are_named():
    """東京 in Shift-JIS is “Œ‹ž in Windows-1252: both are text, so the editor is asked, not guessed for."""
    data = csv_text([ledger_row("PHL", "Philippines", "2023-11-03", "inaugural", "agreed", notes="東京")]).encode(
        "cp932"
    )
    assert data.decode("cp1252")  # the Western reading exists too
    frame, problems = read("recipients.csv", data)
    assert frame is None
    assert [(p.severity, str(p)) for p in problems] == [
        (
            "error",
            "recipients.csv, row 2: the file is not UTF-8, and its bytes do not say which encoding it is: byte 0x93 "
            'reads as "東" in Shift-JIS (cp932, Japanese Excel) and as "“" in Windows-1252 (Western European '
            "Excel), so nothing was guessed. Open the file in the Excel that saved it and save it as CSV UTF-8: in "
            "Japanese Excel 「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」; in English Excel File > Save As > "
            "'CSV UTF-8 (Comma delimited)'.",
        )
    ]
    japanese = problems[0].describe("ja")
    assert japanese.startswith("recipients.csv、2行目: ファイルは UTF-8 ではなく")
    assert (
        "「東」" in japanese
        and "Windows-1252" in japanese
        and "「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」" in japanese
    )


def test_accented_western_text_keeps_its_message_in_japanese_too():
    data = csv_text([ledger_row("REU", "Réunion", "2024-01-01", "inaugural", "agreed")]).encode("cp1252")
    _, problems = read("recipients.csv", data)
    assert "バイト 0xE9" in problems[0].text("ja") and "CSV UTF-8（コンマ区切り）" in problems[0].text("ja")


def test_a_shift_jis_ledger_saved_in_the_app_becomes_utf8(tmp_path):
    from osa_map.editing.editable import load_for_editing
    from osa_map.editing.save import save_table

    directory = write_dataset(tmp_path / "data")
    (directory / "recipients.csv").write_bytes(csv_text(LEDGER_JA).encode("cp932"))
    loaded = load_for_editing(directory, "recipients.csv")
    edited = loaded.frame.copy()
    edited.loc[0, "notes"] = "確認済み"
    save_table(directory, loaded, edited, "Tester")
    text = (directory / "recipients.csv").read_bytes().decode("utf-8")
    assert JAPANESE_SUMMARY in text and "確認済み" in text


def test_an_unreadable_legacy_file_is_still_an_error(tmp_path):
    directory = write_dataset(tmp_path / "data")
    (directory / "recipients.csv").write_bytes(csv_text(LEDGER).encode() + "Ç,é\n".encode("cp1252"))
    with pytest.raises(DataError):
        load_dataset(directory)
