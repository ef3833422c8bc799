"""Saving from the editor page: atomic, with history and a change log, never losing a row."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from osa_map.data.dataset import fingerprint, load_dataset
from osa_map.data.files import atomic_write_bytes
from osa_map.data.lastgood import last_good_root, load_last_good, remember
from osa_map.editing.auth import configured_password, reset_password_failures, verify_password
from osa_map.editing.editable import LoadedFile, check_edit, content_hash, load_for_editing, table_bytes
from osa_map.editing.history import CHANGE_LOG_NAME, history_directory, list_versions, read_change_log
from osa_map.editing.save import EditConflict, EditRefused, InvalidEdit, restore_version, save_table
from tests.helpers import LEDGER, write_dataset


@pytest.fixture
def directory(tmp_path) -> Path:
    return write_dataset(tmp_path / "data")


def edited_ledger(loaded: LoadedFile, **change: str):
    frame = loaded.frame.copy()
    for column, value in change.items():
        frame.loc[0, column] = value
    return frame


def test_save_writes_the_file_keeps_history_and_logs_who_and_what(directory):
    original = (directory / "recipients.csv").read_bytes()
    loaded = load_for_editing(directory, "recipients.csv")
    result = save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "Aiko Tanaka")

    assert load_dataset(directory).ledger.query("iso3 == 'PHL'")["status"].tolist() == ["delivered", "delivered"]
    assert result.change.summary() == "0 row(s) added, 0 removed, 1 changed"
    assert result.change.detail_lines() == (
        'row 2 (PHL Philippines 2023-11-03) changed: status: "agreed" -> "delivered"',
    )

    copies = sorted(p.name for p in history_directory(directory).glob("recipients.*.csv"))
    assert len(copies) == 2  # what the file was before the first edit, and what it became
    before = next(p for p in history_directory(directory).glob("*.before.csv"))
    assert before.read_bytes() == original
    (entry,) = read_change_log(directory)
    assert entry["who"] == "Aiko Tanaka"
    assert (entry["file"], entry["action"], entry["changed"], entry["added"], entry["removed"]) == (
        "recipients.csv",
        "save",
        1,
        0,
        0,
    )
    assert entry["before"] == content_hash(original)
    assert entry["when"].endswith("+00:00")


def test_added_and_removed_rows_are_counted(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    frame = loaded.frame.drop(index=2)  # VNM's first row
    frame.loc[len(loaded.frame) + 5] = {column: "" for column in frame.columns} | {
        "iso3": "MYS",
        "country": "Malaysia",
        "as_of": "2023-12-06",
        "cohort": "inaugural",
        "status": "agreed",
        "source_title": "A source",
        "source_url": "https://example.org/mys",
        "confidence": "confirmed",
    }
    result = save_table(directory, loaded, frame, "editor")
    assert (result.change.added, result.change.removed, result.change.changed) == (1, 1, 0)
    assert "MYS" in set(load_dataset(directory).ledger["iso3"])


def test_the_saved_file_keeps_the_shipped_format(directory):
    loaded = load_for_editing(directory, "packages.csv")
    frame = loaded.frame.copy()
    frame.loc[0, "notes"] = 'Says "about", with a comma'
    save_table(directory, loaded, frame, "editor")
    text = (directory / "packages.csv").read_bytes()
    assert not text.startswith(b"\xef\xbb\xbf") and b"\r\n" not in text
    assert b'"Says ""about"", with a comma"' in text


def test_invalid_edit_is_refused_and_nothing_written(directory):
    before = (directory / "recipients.csv").read_bytes()
    loaded = load_for_editing(directory, "recipients.csv")
    with pytest.raises(InvalidEdit) as refused:
        save_table(directory, loaded, edited_ledger(loaded, as_of="2024-02-30"), "editor")
    assert [str(p) for p in refused.value.problems if p.severity == "error"] == [
        'recipients.csv, row 2, column as_of: "2024-02-30" is not a real calendar date. Check the month and day.'
    ]
    assert (directory / "recipients.csv").read_bytes() == before
    assert not history_directory(directory).exists()


def test_check_edit_sees_cross_file_problems(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    frame = loaded.frame[loaded.frame["iso3"] != "PHL"]  # packages.csv still names PHL
    problems = [p for p in check_edit(directory, "recipients.csv", frame) if p.severity == "error"]
    assert {(p.file, p.column) for p in problems} == {("packages.csv", "iso3")}


def test_a_name_is_needed_and_an_unchanged_table_is_not_saved(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    with pytest.raises(EditRefused, match="write your name"):
        save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "  ")
    with pytest.raises(EditRefused, match="Nothing to save"):
        save_table(directory, loaded, loaded.frame, "editor")


def test_two_editors_save_the_same_version_the_second_is_refused_and_nothing_is_lost(directory):
    first = load_for_editing(directory, "recipients.csv")
    second = load_for_editing(directory, "recipients.csv")
    save_table(directory, first, edited_ledger(first, status="delivered"), "first editor")
    after_first = (directory / "recipients.csv").read_bytes()

    with pytest.raises(EditConflict) as conflict:
        save_table(directory, second, edited_ledger(second, summary="Second editor's words."), "second")

    assert (directory / "recipients.csv").read_bytes() == after_first  # the first save stands
    assert "-PHL,Philippines,2023-11-03,inaugural,agreed," in conflict.value.diff.text()
    assert "+PHL,Philippines,2023-11-03,inaugural,delivered," in conflict.value.diff.text()
    assert "was changed on disk after you opened it" in str(conflict.value)
    refused = list(history_directory(directory).glob("*.refused.csv"))
    assert len(refused) == 1 and b"Second editor's words." in refused[0].read_bytes()  # the second's work is kept
    assert [entry["who"] for entry in read_change_log(directory)] == ["first editor"]


def test_an_edit_made_in_excel_meanwhile_is_not_overwritten(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    path = directory / "recipients.csv"
    path.write_bytes(path.read_bytes().replace(b"Fiji summary.", b"Edited in Excel."))
    with pytest.raises(EditConflict) as conflict:
        save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "editor")
    assert "+FJI,Fiji,2023-12-18,inaugural,agreed,2023,Edited in Excel." in conflict.value.diff.text()
    assert b"Edited in Excel." in path.read_bytes()


def test_restore_brings_back_an_earlier_version_and_keeps_the_one_it_replaces(directory):
    original = (directory / "recipients.csv").read_bytes()
    loaded = load_for_editing(directory, "recipients.csv")
    save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "first")
    loaded = load_for_editing(directory, "recipients.csv")
    save_table(directory, loaded, edited_ledger(loaded, summary="Second change."), "second")
    latest = (directory / "recipients.csv").read_bytes()

    versions = list_versions(directory, "recipients.csv")
    assert [v.who for v in versions] == ["second", "first", ""]
    assert versions[-1].action_text() == "as found before an edit in the app"
    result = restore_version(directory, versions[-1], "restorer")

    assert (directory / "recipients.csv").read_bytes() == original
    assert result.change.changed == 1
    assert any(v.path.read_bytes() == latest for v in list_versions(directory, "recipients.csv"))
    entry = read_change_log(directory)[-1]
    assert (entry["who"], entry["action"]) == ("restorer", f"restore {versions[-1].path.name}")
    with pytest.raises(EditRefused, match="Nothing to restore"):
        restore_version(directory, versions[-1], "restorer")


def test_a_restore_that_breaks_another_file_is_refused(directory):
    loaded = load_for_editing(directory, "packages.csv")
    frame = loaded.frame.copy()
    frame.loc[0, "notes"] = "changed"
    save_table(directory, loaded, frame, "editor")
    old_packages = list_versions(directory, "packages.csv")[-1]
    # The ledger drops PHL, so the old packages (all PHL) no longer fit.
    ledger = load_for_editing(directory, "recipients.csv")
    (directory / "recipients.csv").write_bytes(table_bytes(ledger.frame[ledger.frame["iso3"] != "PHL"]))
    with pytest.raises(InvalidEdit):
        restore_version(directory, old_packages, "editor")


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "file.csv"
    atomic_write_bytes(path, b"one")
    atomic_write_bytes(path, b"two")
    assert path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["file.csv"]


def _save_forever(path: str, ready) -> None:
    """Child process: rewrite the file over and over with big, self-checking versions."""
    version = 0
    ready.set()
    while True:
        version += 1
        body = (f"version {version}\n" * 200_000).encode()
        atomic_write_bytes(Path(path), body)


@pytest.mark.parametrize("kill_after_s", [0.05, 0.13, 0.31])
def test_a_save_killed_half_way_leaves_the_old_or_the_new_file_never_a_torn_one(tmp_path, kill_after_s):
    path = tmp_path / "recipients.csv"
    path.write_bytes(b"version 0\n" * 200_000)
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    child = context.Process(target=_save_forever, args=(str(path), ready))
    child.start()
    ready.wait(10)
    time.sleep(kill_after_s)
    os.kill(child.pid, signal.SIGKILL)  # no clean-up handlers run, as in a power cut of the process
    child.join(10)

    lines = path.read_bytes().splitlines()
    assert len(lines) == 200_000 and len(set(lines)) == 1  # one whole version, never a mix or a stub


def test_last_good_copy_survives_a_bad_save_and_a_restart(directory):
    good = load_dataset(directory)
    assert remember(good) is True
    assert remember(good) is False  # already current: nothing written

    (directory / "recipients.csv").write_bytes(b"\x00\x01junk")
    fallback = load_last_good(directory)  # a fresh process would find the same copy
    assert fallback is not None and fallback.fingerprint == good.fingerprint
    assert len(fallback.ledger) == len(LEDGER)
    assert fingerprint(directory) != good.fingerprint


def test_last_good_copy_is_not_taken_from_files_changed_since_they_were_checked(directory):
    good = load_dataset(directory)
    (directory / "recipients.csv").write_bytes(b"changed after the check")
    assert remember(good) is False
    assert load_last_good(directory) is None


def test_last_good_copy_follows_the_newest_good_data(directory):
    remember(load_dataset(directory))
    loaded = load_for_editing(directory, "recipients.csv")
    save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "editor")
    newer = load_dataset(directory)
    assert remember(newer) is True
    assert load_last_good(directory).fingerprint == newer.fingerprint
    assert [p.name for p in last_good_root(directory).iterdir() if p.is_dir()] == [newer.fingerprint]


def test_password_compare_and_lock_out_after_failures_without_sleeping():
    """A wrong guess no longer sleeps a server thread: after the first free typo, each session
    waits longer (1, 2, 4 ... s), and while it waits the password is not even compared."""
    reset_password_failures()
    assert verify_password("open sesame", "open sesame", client="a", now=0)
    assert not verify_password("guess", "open sesame", client="a", now=0)
    second = verify_password("guess again", "open sesame", client="a", now=0.1)
    assert second.checked and second.retry_after_s == 1
    assert not verify_password("open sesame", "open sesame", client="a", now=0.5).checked
    assert verify_password("open sesame", "open sesame", client="a", now=1.2)
    reset_password_failures()


def test_password_comes_from_the_environment_or_secrets(monkeypatch):
    monkeypatch.delenv("OSA_EDITOR_PASSWORD", raising=False)
    assert configured_password({}) is None
    assert configured_password({"editor_password": "from secrets"}) == "from secrets"
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "from env")
    assert configured_password({"editor_password": "from secrets"}) == "from env"


def test_change_log_is_append_only_json_lines(directory):
    for status in ("delivered", "selected"):
        loaded = load_for_editing(directory, "recipients.csv")
        save_table(directory, loaded, edited_ledger(loaded, status=status), "editor")
    lines = (history_directory(directory) / CHANGE_LOG_NAME).read_text().splitlines()
    assert [
        json.loads(line)["details"][0].endswith(f'"{status}"')
        for line, status in zip(lines, ("delivered", "selected"), strict=True)
    ] == [True, True]


# --- issue 15: history that says what changed, in local time; files read in other encodings


def test_the_change_log_says_which_cells_changed_and_history_shows_them(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    frame = loaded.frame.copy()
    frame.loc[0, "status"] = "delivered"
    frame.loc[0, "notes"] = "Handed over."
    save_table(directory, loaded, frame, "Aiko")
    entry = read_change_log(directory)[-1]
    assert entry["details"] == [
        'row 2 (PHL Philippines 2023-11-03) changed: status: "agreed" -> "delivered"; notes: "" -> "Handed over."'
    ]
    assert entry["signed_in"] is False
    newest = list_versions(directory, "recipients.csv")[0]
    assert newest.details == tuple(entry["details"]) and newest.who == "Aiko" and not newest.signed_in


def test_times_are_shown_in_the_editors_zone_with_its_name_and_offset():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from osa_map.editing.history import local_time

    moment = datetime(2026, 11, 24, 1, 2, 3, tzinfo=UTC)
    assert local_time(moment, ZoneInfo("Asia/Tokyo")) == "2026-11-24 10:02:03 JST (UTC+09:00)"
    assert local_time(moment, ZoneInfo("Europe/Brussels")) == "2026-11-24 02:02:03 CET (UTC+01:00)"
    assert local_time(moment, UTC) == "2026-11-24 01:02:03 UTC+00:00"


def test_a_shift_jis_file_opened_for_editing_says_how_it_was_read_and_diffs_readably(directory):
    from osa_map.data.schema import phrase
    from osa_map.editing.changes import FileDiff

    text = (directory / "recipients.csv").read_text().replace("Philippines summary.", "フィリピン概要")
    (directory / "recipients.csv").write_bytes(text.encode("cp932"))
    loaded = load_for_editing(directory, "recipients.csv")
    assert [p.message.split(" (")[0] for p in loaded.read_as] == ["the file was saved as Shift-JIS"]
    assert loaded.frame.loc[0, "summary"] == "フィリピン概要"
    sides = phrase("editing.diff_opened", name="recipients.csv"), phrase("editing.diff_on_disk", name="recipients.csv")
    diff = FileDiff(loaded.data, text.replace("フィリピン概要", "フィリピン").encode(), *sides).text()
    assert "-PHL,Philippines,2023-11-03" in diff and "フィリピン概要" in diff  # not mojibake
    # The same cells in UTF-8 are worth saving: the file's encoding is what changes.
    result = save_table(directory, loaded, loaded.frame, "Aiko")
    assert result.change.is_empty
    assert (directory / "recipients.csv").read_bytes() == text.encode("utf-8")


def test_the_edit_lock_lets_one_process_in_at_a_time(tmp_path):
    """Two editors saving at once (two replicas on one data folder): the second waits."""
    from osa_map.data.files import edit_lock

    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(tmp_path), held, release))
    holder.start()
    try:
        assert held.wait(30)
        started = time.monotonic()
        threading.Timer(0.5, release.set).start()
        with edit_lock(tmp_path):
            waited = time.monotonic() - started
        assert waited >= 0.4  # it waited for the other process to let go
    finally:
        release.set()
        holder.join(30)


def _hold_lock(directory: str, held, release) -> None:
    from osa_map.data.files import edit_lock

    with edit_lock(Path(directory)):
        held.set()
        release.wait(30)


def test_a_lone_carriage_return_in_a_cell_is_saved_as_a_line_break_inside_the_cell(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    save_table(directory, loaded, edited_ledger(loaded, summary="First line.\rSecond line."), "editor")
    ledger = load_dataset(directory).ledger  # the save went through, and the file reads back
    assert "First line.\nSecond line." in set(ledger["summary"])


def test_a_burst_of_refused_saves_keeps_each_refused_version_once_and_only_the_latest(directory, monkeypatch):
    from osa_map.editing import history

    first = load_for_editing(directory, "recipients.csv")
    stale = load_for_editing(directory, "recipients.csv")
    save_table(directory, first, edited_ledger(first, status="delivered"), "first editor")
    for _ in range(30):  # the same refused edit, retried
        with pytest.raises(EditConflict):
            save_table(directory, stale, edited_ledger(stale, summary="Retried."), "second")
    assert len(list(history_directory(directory).glob("*.refused.csv"))) == 1
    monkeypatch.setattr(history, "MAX_REFUSED_COPIES", 3)
    for attempt in range(6):  # six different refused edits: only the latest three are kept
        with pytest.raises(EditConflict):
            save_table(directory, stale, edited_ledger(stale, summary=f"Attempt {attempt}."), "second")
    kept = sorted(history_directory(directory).glob("*.refused.csv"))
    assert len(kept) == 3 and b"Attempt 5." in kept[-1].read_bytes()


def test_a_torn_change_log_line_does_not_hide_the_next_entry(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "first")
    log = history_directory(directory) / CHANGE_LOG_NAME
    log.write_bytes(log.read_bytes() + b'{"when": "2026-12-02T10:00:00Z", "who": "torn by a cr')  # a crash mid-write
    again = load_for_editing(directory, "recipients.csv")
    save_table(directory, again, edited_ledger(again, summary="After the crash."), "second")
    assert [entry["who"] for entry in read_change_log(directory)] == ["first", "second"]


# --- the editor's language: what changed and why a save was refused, in English or Japanese


def test_what_a_save_changed_is_told_in_the_editors_language_and_logged_in_english(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    edited = edited_ledger(loaded, status="delivered", notes="Handed over.")
    change = save_table(directory, loaded, edited, "Aiko").change
    assert change.summary("ja") == "追加 0 行、削除 0 行、変更 1 行"
    assert change.detail_lines("ja") == (
        "2行目（PHL Philippines 2023-11-03）を変更：status：「agreed」→「delivered」、notes：「」→「Handed over.」",
    )
    # The change log is a record in one language, whoever saved.
    assert read_change_log(directory)[-1]["details"] == [
        'row 2 (PHL Philippines 2023-11-03) changed: status: "agreed" -> "delivered"; notes: "" -> "Handed over."'
    ]
    newest, before = list_versions(directory, "recipients.csv")
    assert (newest.action_text("ja"), newest.summary("ja")) == ("保存", "追加 0 行、削除 0 行、変更 1 行")
    assert (newest.action_text(), newest.summary()) == ("save", "0 added, 0 removed, 1 changed")
    assert (before.action_text("ja"), before.summary("ja")) == ("アプリで編集する前の状態", "")


def test_a_long_change_names_the_first_rows_and_counts_the_rest(directory):
    from osa_map.editing.changes import MAX_CHANGES_DESCRIBED, describe_change

    loaded = load_for_editing(directory, "recipients.csv")
    longer = table_bytes(pd.concat([loaded.frame] * 4, ignore_index=True))  # 18 rows added
    change = describe_change(loaded.data, longer, "recipients.csv")
    assert change.added == 18 and len(change.rows) == MAX_CHANGES_DESCRIBED
    assert change.detail_lines()[-1] == "... and 6 more"
    assert change.detail_lines("ja")[-1] == "…ほか 6 件"
    assert change.detail_lines("ja")[0] == "8行目（PHL Philippines 2023-11-03）を追加"


def test_refusals_say_why_in_the_editors_language_and_in_english_otherwise(directory):
    loaded = load_for_editing(directory, "recipients.csv")
    with pytest.raises(EditRefused) as no_name:
        save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "  ")
    assert str(no_name.value) == "Not saved: write your name first; the change log records who changed what."
    assert no_name.value.text() == str(no_name.value)
    assert no_name.value.text("ja") == (
        "保存していません。先にお名前を入力してください。変更履歴には、誰が何を変更したかを記録します。"
    )
    with pytest.raises(EditRefused) as unchanged:
        save_table(directory, loaded, loaded.frame, "Aiko")
    assert str(unchanged.value) == "Nothing to save: the table is the same as the file."
    assert unchanged.value.text("ja") == "保存する変更はありません。表はファイルと同じです。"
    with pytest.raises(InvalidEdit) as invalid:
        save_table(directory, loaded, edited_ledger(loaded, as_of="2024-02-30"), "Aiko")
    assert str(invalid.value) == "Not saved: 1 problem(s) to fix first."
    assert invalid.value.text("ja") == "保存していません。先に 1 件の問題を修正してください。"

    stale = load_for_editing(directory, "recipients.csv")
    save_table(directory, loaded, edited_ledger(loaded, status="delivered"), "first")
    with pytest.raises(EditConflict) as conflict:
        save_table(directory, stale, edited_ledger(stale, summary="Mine."), "second")
    (kept,) = [path.name for path in history_directory(directory).glob("*.refused.csv")]
    assert str(conflict.value) == (
        "Not saved: recipients.csv was changed on disk after you opened it (by another editor or outside the app). "
        f"Your version is kept as history/{kept}. Reload the file to see the new version, make your edits again, "
        "and save. Changes since you opened it:"
    )
    assert conflict.value.text("ja") == (
        "保存していません。recipients.csv は、開いた後にディスク上で変更されています（別の編集者が保存したか、"
        f"アプリの外で編集されました）。あなたの版は history/{kept} として保管しました。ファイルを再読み込みして"
        "新しい版を確認し、もう一度編集してから保存してください。開いた後の変更内容："
    )
    assert conflict.value.diff.text().startswith(
        "--- recipients.csv (as you opened it)\n+++ recipients.csv (on disk now)\n"
    )
    assert conflict.value.diff.text("ja").startswith(
        "--- recipients.csv（開いた時点）\n+++ recipients.csv（現在のディスク上）\n"
    )

    current = next(version for version in list_versions(directory, "recipients.csv") if version.who == "first")
    with pytest.raises(EditRefused) as nothing_to_restore:
        restore_version(directory, current, "Aiko")
    assert str(nothing_to_restore.value) == "Nothing to restore: that version is the current file."
    assert nothing_to_restore.value.text("ja") == "復元するものはありません。その版が現在のファイルです。"


def test_every_text_the_editing_layer_names_is_in_both_catalogues_and_each_is_used():
    """Keys reach the catalogue through t(), phrase() and EditRefused(): read them from the source."""
    import ast
    import re

    from osa_map.i18n import CATALOGUE, LANGUAGES

    sources = sorted((Path(__file__).resolve().parent.parent / "osa_map" / "editing").glob("*.py"))
    named = {
        node.value
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"editing\.\w+", node.value)
    }
    assert len(named) > 20, "the scan found too few keys; has the way they are named changed?"
    assert named == {key for key in CATALOGUE if key.startswith("editing.")}
    assert all(set(CATALOGUE[key]) == set(LANGUAGES) for key in named)
