"""AppTest of the editor page, and of the map page keeping the last good data after a bad save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from osa_map.editing import auth
from osa_map.editing.auth import reset_password_failures
from osa_map.editing.editable import load_for_editing
from osa_map.editing.history import read_change_log
from osa_map.editing.save import save_table
from tests.helpers import LEDGER, write_dataset
from tests.test_validation import csv_text

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EDITOR = "pages/editor.py"
TIMEOUT_S = 60


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    directory = write_dataset(tmp_path / "data")
    monkeypatch.setenv("OSA_DATA_DIR", str(directory))
    monkeypatch.delenv("OSA_EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr(auth, "FIRST_PAUSE_S", 0.01)
    reset_password_failures()
    return directory


def open_page(page: str | None = EDITOR, unlocked: bool = False, lang: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    if unlocked:
        app.session_state["editor_unlocked"] = True
    if lang:
        app.query_params["lang"] = lang
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def button_labelled(app: AppTest, label: str):
    """A button by its label: app.py draws the language switch before any page's buttons."""
    return next(button for button in app.button if button.label == label)


def test_without_a_password_the_page_is_read_only_with_downloads(data_dir):
    app = open_page()
    assert "Editing is switched off" in app.info[0].value
    assert [button.label for button in app.get("download_button")] == [
        "Download recipients.csv",
        "Download packages.csv",
    ]
    assert not any(frame.proto.editing_mode for frame in app.dataframe) and not app.text_input


def test_read_only_page_offers_no_download_of_invalid_data(data_dir):
    (data_dir / "recipients.csv").write_text(
        (data_dir / "recipients.csv").read_text().replace("2023-11-03", "2023-02-30")
    )
    app = open_page()
    assert "1 problem(s)" in app.error[0].value
    assert not app.get("download_button")


def test_wrong_password_is_refused_and_the_right_one_unlocks(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "correct horse")
    app = open_page()
    app.text_input[0].input("wrong")
    button_labelled(app, "Unlock editing").click().run()
    assert "Wrong password" in app.error[0].value
    assert "editor_unlocked" not in app.session_state

    app.text_input[0].input("correct horse")
    button_labelled(app, "Unlock editing").click().run()
    assert not app.exception
    assert app.session_state["editor_unlocked"] is True
    assert any(frame.proto.editing_mode for frame in app.dataframe)  # the table editor is shown
    assert "1 warning(s); you can still save." in app.warning[0].value  # the helpers' empty source_url


def test_history_lists_saves_and_restore_brings_a_version_back(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    original = (data_dir / "recipients.csv").read_bytes()
    loaded = load_for_editing(data_dir, "recipients.csv")
    frame = loaded.frame.copy()
    frame.loc[0, "status"] = "delivered"
    save_table(data_dir, loaded, frame, "Aiko")

    app = open_page(unlocked=True)
    app.text_input(key="editor_name").input("Ken").run()
    versions = app.selectbox(key="editor_restore_choice")
    versions.select_index(len(versions.options) - 1).run()  # the oldest: the file before any edit
    app.button(key="editor_restore").click().run()
    assert not app.exception
    assert (data_dir / "recipients.csv").read_bytes() == original
    assert "Restored" in app.success[0].value
    assert read_change_log(data_dir)[-1]["who"] == "Ken"


def test_map_keeps_the_last_good_data_when_a_bad_file_is_saved(data_dir):
    open_page(page=None)  # a good load keeps a copy on disk
    ledger = [dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]]
    write_dataset(data_dir, ledger=ledger)
    app = open_page(page=None)
    assert "1 problem(s)" in app.error[0].value
    assert "last valid version" in app.error[0].value
    assert len(app.error) == 1  # once, above the map: not again inside the map's fragment
    assert app.title[0].value == "Japan's Official Security Assistance"  # the map page still draws


def test_the_fix_shows_at_the_next_run_without_a_restart(data_dir):
    write_dataset(data_dir, ledger=[dict(LEDGER[0], as_of="2024-02-30"), *LEDGER[1:]])
    app = open_page(page=None)
    assert app.error
    write_dataset(data_dir)
    app.run()
    assert not app.error
    assert app.title[0].value == "Japan's Official Security Assistance"


# --- issue 15: rows you can find, messages in the editor's language, history that says what changed


def test_the_grid_shows_each_rows_spreadsheet_number(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    app = open_page(unlocked=True)
    grid = next(frame for frame in app.dataframe if frame.proto.editing_mode)
    assert grid.value.index.name == "row"
    assert list(grid.value.index) == list(range(2, len(LEDGER) + 2))  # header = row 1, as in Excel
    index = json.loads(grid.proto.columns)["_index"]  # the row number is a visible, pinned column
    assert index["label"] == "row" and index["pinned"] is True and not index.get("hidden")


def test_choosing_a_problem_shows_its_row_with_the_cell_marked(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    ledger = [dict(row) for row in LEDGER]
    ledger[3]["status"] = "maybe"  # spreadsheet row 5
    write_dataset(data_dir, ledger=ledger)
    app = open_page(unlocked=True)
    problems = app.dataframe(key="problems-recipients.csv").value
    first = problems.iloc[0]
    assert (first["file"], first["row"], first["column"]) == ("recipients.csv", "5", "status")
    app.session_state["problems-recipients.csv"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception, app.exception
    assert "recipients.csv, row 5, column status: in the table above, the row numbered 5." in app.info[0].value
    shown = app.dataframe[-1]  # the chosen problem's row, under the problems
    assert list(shown.value.index) == [5] and shown.value.columns[0] == "status"  # the cell comes first
    assert shown.value.iloc[0]["status"] == "maybe"


def test_problems_follow_the_editors_language(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    app = open_page(unlocked=True, lang="ja")
    problems = app.dataframe(key="problems-recipients.csv").value
    assert list(problems.columns) == ["", "ファイル", "行", "列", "問題"]
    assert problems.iloc[0]["問題"] == "このセルは空です。分かれば記入してください。"  # the helpers' empty source_url


def test_history_says_which_cells_changed_in_local_time_with_the_zone(data_dir, monkeypatch):
    import time

    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        loaded = load_for_editing(data_dir, "recipients.csv")
        frame = loaded.frame.copy()
        frame.loc[0, "status"] = "delivered"
        save_table(data_dir, loaded, frame, "Aiko")
        app = open_page(unlocked=True)
    finally:
        monkeypatch.undo()
        time.tzset()
    history = next(frame.value for frame in app.dataframe if "cells changed" in frame.value.columns)
    newest = history.iloc[0]
    assert newest["saved (your time)"].endswith(" JST (UTC+09:00)")
    assert 'status: "agreed" -> "delivered"' in newest["cells changed"]
    assert newest["who"] == "Aiko"
    assert read_change_log(data_dir)[-1]["details"][0].startswith("row 2 (PHL Philippines 2023-11-03) changed:")


def test_a_shift_jis_file_opens_in_the_editor_with_a_note_in_japanese(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    path = data_dir / "recipients.csv"
    path.write_bytes(path.read_text().replace("Philippines summary.", "フィリピン概要").encode("cp932"))
    app = open_page(unlocked=True, lang="ja")
    notes = [info.value for info in app.info]
    assert any(
        note.startswith("recipients.csv: ファイルは UTF-8 ではなく Shift-JIS（cp932。")
        and "「名前を付けて保存」→「CSV UTF-8（コンマ区切り）」" in note
        and note.endswith("ここで保存すると、UTF-8、日付は YYYY-MM-DD 形式で書き出します。")
        for note in notes
    ), notes
    grid = next(frame for frame in app.dataframe if frame.proto.editing_mode)
    assert grid.value.loc[2, "summary"] == "フィリピン概要"


def delivered_ledger() -> list[dict[str, str]]:
    """The ledger with its first row (spreadsheet row 2, the Philippines) now delivered."""
    return [dict(LEDGER[0], status="delivered"), *LEDGER[1:]]


def upload_csv(app: AppTest, rows: list[dict[str, str]]) -> AppTest:
    app.get("file_uploader")[0].set_value(("recipients.csv", csv_text(rows).encode("utf-8"), "text/csv"))
    app.run()
    assert not app.exception, app.exception
    return app


def shown(elements) -> list[str]:
    """What the page says, as the reader sees it: the markdown escapes taken out."""
    return [element.value.replace("\\", "") for element in elements]


def test_a_japanese_editor_reads_what_an_upload_changes_and_why_a_save_is_refused_in_japanese(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    app = upload_csv(open_page(unlocked=True, lang="ja"), delivered_ledger())
    assert "**現在のファイルと比べた recipients.csv の違い:** 追加 0 行、削除 0 行、変更 1 行" in shown(app.markdown)
    (lines,) = [frame.value for frame in app.dataframe if list(frame.value.columns) == ["変更"]]
    assert lines["変更"].tolist() == ["2行目（PHL Philippines 2023-11-03）を変更：status：「agreed」→「delivered」"]
    assert app.code[-1].value.startswith("--- recipients.csv（現在）\n+++ recipients.csv（recipients.csv から）\n")

    app.button(key="upload-save-recipients.csv").click().run()  # no name typed yet
    refusal = "保存していません。先にお名前を入力してください。変更履歴には、誰が何を変更したかを記録します。"
    assert refusal in shown(app.warning)

    app.text_input(key="editor_name").input("健").run()
    app.button(key="upload-save-recipients.csv").click().run()
    assert not app.exception, app.exception
    assert "recipients.csv を保存しました：追加 0 行、削除 0 行、変更 1 行。" in shown(app.success)
    history = next(frame.value for frame in app.dataframe if "操作" in frame.value.columns)
    assert history["操作"].tolist() == ["recipients.csv をアップロード", "アプリで編集する前の状態"]
    assert history["変更"].tolist() == ["追加 0 行、削除 0 行、変更 1 行", ""]

    app.button(key="editor_restore").click().run()  # the newest version is the file as it is now
    assert "復元するものはありません。その版が現在のファイルです。" in shown(app.warning)


def test_a_japanese_editor_is_told_in_japanese_that_the_file_changed_on_disk(data_dir, monkeypatch):
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")
    app = open_page(unlocked=True, lang="ja")
    app.text_input(key="editor_name").input("健").run()
    upload_csv(app, delivered_ledger())
    path = data_dir / "recipients.csv"
    path.write_bytes(path.read_bytes().replace(b"Fiji summary.", b"Edited in Excel."))

    app.button(key="upload-save-recipients.csv").click().run()
    assert not app.exception, app.exception
    (conflict,) = [text for text in shown(app.error) if text.startswith("保存していません。")]
    assert conflict.startswith("保存していません。recipients.csv は、開いた後にディスク上で変更されています")
    assert conflict.endswith("開いた後の変更内容：")
    assert app.code[-1].value.startswith("--- recipients.csv（開いた時点）\n+++ recipients.csv（現在のディスク上）\n")
    assert b"Edited in Excel." in path.read_bytes()  # their edit stands
