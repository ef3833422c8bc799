"""The Edit data page's drawing: who is editing, the grid with spreadsheet row numbers, problems that
point at their cell, uploads, and a history that says which cells changed, when, in local time.

osa_map.editing does the checking, saving, history, sign-in rules and password comparison; this
module only draws and keeps what the editor opened in the session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from secrets import token_hex
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from osa_map.data.dataset import Dataset, data_directory
from osa_map.data.schema import CONFIDENCE_LEVELS, EQUIPMENT_CATEGORIES, RECIPIENTS_FILE, STATUSES, DataError, Problem
from osa_map.editing.auth import configured_password, verify_password
from osa_map.editing.changes import describe_change
from osa_map.editing.editable import EDITABLE_FILES, LoadedFile, check_edit, load_for_editing, table_bytes
from osa_map.editing.history import Version, list_versions
from osa_map.editing.save import EditConflict, EditRefused, InvalidEdit, restore_version, save_table
from osa_map.editing.signin import SignIn, editor_address, editor_identity, sign_in_config
from osa_map.editing.upload import UPLOAD_TYPES, Upload, read_upload, save_upload
from osa_map.i18n import Language, t
from osa_map.render.spreadsheet import csv_bytes
from osa_map.render.text import escape_markdown
from osa_map.ui.loaders import current_dataset, show_data_problems
from osa_map.ui.selection import current_language

UNLOCKED_KEY = "editor_unlocked"
LOADED_KEY = "editor_loaded_files"  # file name -> LoadedFile: the version the editor started from
NOTICE_KEY = "editor_notice"
UPLOADS_KEY = "editor_uploads"  # file name -> (sha256 of the uploaded bytes, Upload)
UPLOADER_ROUND_KEY = "editor_upload_round"  # bumped after a save so the uploader starts empty
ROW_LABEL = "row"  # the grid's index: the spreadsheet row of the file as it was opened


@dataclass(frozen=True)
class Editor:
    """Who is editing: the name the change log records, and whether a sign-in provider vouched for it."""

    name: str
    signed_in: bool


def secrets() -> dict:
    """st.secrets as a dict; empty when there is no secrets.toml (that is not an error here)."""
    try:
        return dict(st.secrets)
    except Exception:  # Streamlit raises when no secrets file exists at all
        return {}


def editor_page() -> None:
    lang = current_language()
    st.title(t("editor.title", lang), anchor=False)
    directory = data_directory()
    config = secrets()
    sign_in = sign_in_config(config)
    password = None if sign_in else configured_password(config)

    try:
        dataset = current_dataset(lang)
    except DataError as error:
        show_data_problems(error, lang=lang)
        dataset = None

    if sign_in is None and password is None:
        read_only(directory, dataset, lang)
        return
    editor = signed_in_editor(sign_in, lang) if sign_in else password_editor(password, lang)
    if editor is None:
        return

    if NOTICE_KEY in st.session_state:
        st.success(st.session_state.pop(NOTICE_KEY), icon=":material/check_circle:")
    if not editor.signed_in:
        editor = Editor(st.text_input(t("editor.who", lang), key="editor_name"), False)
    name = st.segmented_control(t("editor.file", lang), EDITABLE_FILES, default=RECIPIENTS_FILE, key="editor_file")
    name = name or RECIPIENTS_FILE
    try:
        loaded = loaded_file(directory, name)
    except (DataError, OSError) as error:
        st.error(t("editor.cannot_open", lang, name=name, error=error), icon=":material/error:")
        loaded = None
    if loaded is not None:
        edit_grid(directory, loaded, dataset, editor, lang)
        upload_section(directory, name, editor, lang)
    history_section(directory, name, editor, lang)


# --- who is editing -------------------------------------------------------------------------


def read_only(directory: Path, dataset: Dataset | None, lang: Language) -> None:
    st.info(t("editor.read_only", lang), icon=":material/lock:")
    if dataset is None:
        return  # the problems are listed above; only valid data is offered for download
    for name in EDITABLE_FILES:
        table = load_for_editing(directory, name).frame
        st.subheader(name, anchor=False)
        st.dataframe(table, hide_index=True, width="stretch", height=260)
        st.download_button(
            t("editor.download", lang, name=name),
            data=csv_bytes(table),
            file_name=name,
            mime="text/csv",
            icon=":material/download:",
            key=f"download-{name}",
        )


def password_editor(password: str, lang: Language) -> Editor | None:
    """The shared password, for a single machine; the editor types a name for the change log."""
    if st.session_state.get(UNLOCKED_KEY):
        return Editor("", False)
    with st.form("editor_login"):
        supplied = st.text_input(t("editor.password", lang), type="password")
        if st.form_submit_button(t("editor.unlock", lang)):
            # Each browser session is its own client: its wrong guesses slow it, not everyone.
            client = st.session_state.setdefault("auth_client", token_hex(8))
            attempt = verify_password(supplied, password, client=client)
            if attempt:
                st.session_state[UNLOCKED_KEY] = True
                st.rerun()
            elif attempt.checked:
                st.error(t("editor.wrong_password", lang), icon=":material/block:")
            else:
                st.error(t("auth.locked", lang, seconds=attempt.retry_after_s), icon=":material/hourglass_top:")
    return None


def signed_in_editor(sign_in: SignIn, lang: Language) -> Editor | None:
    """The organisation's sign-in (st.login); only addresses on the allow-list may edit."""
    if not st.user.get("is_logged_in"):  # st.user is empty, without is_logged_in, before any sign-in
        st.info(t("editor.sign_in_needed", lang), icon=":material/badge:")
        if st.button(t("editor.sign_in", lang), type="primary", icon=":material/login:", key="editor_sign_in"):
            st.login(sign_in.provider) if sign_in.provider else st.login()
        return None
    user = st.user.to_dict()
    if not sign_in.may_edit(user):
        st.error(
            t("editor.not_allowed", lang, who=editor_address(user) or editor_identity(user)), icon=":material/block:"
        )
        st.button(t("editor.sign_out", lang), on_click=st.logout, icon=":material/logout:", key="editor_sign_out")
        return None
    identity = editor_identity(user)
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(t("editor.signed_in_as", lang, who=escape_markdown(identity)))
    right.button(t("editor.sign_out", lang), on_click=st.logout, icon=":material/logout:", key="editor_sign_out")
    return Editor(identity, True)


# --- the grid and its problems ------------------------------------------------------------


def loaded_file(directory: Path, name: str) -> LoadedFile:
    loaded = st.session_state.setdefault(LOADED_KEY, {})
    if name not in loaded:
        loaded[name] = load_for_editing(directory, name)
    return loaded[name]


def forget_loaded(name: str) -> None:
    st.session_state.setdefault(LOADED_KEY, {}).pop(name, None)
    st.session_state.setdefault(UPLOADS_KEY, {}).pop(name, None)


def column_config(name: str, cohort_keys: list[str], lang: Language) -> dict:
    """Drop-downs for the columns that take a fixed vocabulary; free text elsewhere; the row number pinned."""
    choices = {"confidence": list(CONFIDENCE_LEVELS)}
    if name == RECIPIENTS_FILE:
        choices |= {"status": list(STATUSES)} | ({"cohort": cohort_keys} if cohort_keys else {})
    else:
        choices |= {"category": list(EQUIPMENT_CATEGORIES)}
    config: dict = {
        column: st.column_config.SelectboxColumn(column, options=options) for column, options in choices.items()
    }
    config["_index"] = st.column_config.NumberColumn(
        t("editor.row_column", lang), help=t("editor.row_help", lang), disabled=True, pinned=True, format="%d"
    )
    return config


def grid_frame(loaded: LoadedFile) -> pd.DataFrame:
    """The file's cells indexed by their spreadsheet row (header = row 1), as Excel numbers them."""
    frame = loaded.frame.copy()
    frame.index = pd.Index(range(2, len(frame) + 2), name=ROW_LABEL)
    return frame


def grid_rows(edited: pd.DataFrame) -> list[object]:
    """For each row of the file a save would write, the grid's row label (None: a row added in the grid)."""
    labels = []
    for label, row in zip(edited.index, edited.itertuples(index=False), strict=True):
        cells = [
            "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell).strip() for cell in row
        ]
        if any(cells):  # table_bytes leaves out rows left empty
            labels.append(None if label is None or pd.isna(label) else int(label))
    return labels


def edit_grid(directory: Path, loaded: LoadedFile, dataset: Dataset | None, editor: Editor, lang: Language) -> None:
    name = loaded.name
    st.caption(t("editor.rows_help", lang))
    for note in loaded.read_as:  # Shift-JIS, UTF-16, Excel's dates: a save here writes the file plainly
        st.info(f"{note.describe(lang)} {t('editor.read_as_fix', lang)}", icon=":material/info:")
    cohort_keys = list(dataset.cohorts["key"]) if dataset is not None else []
    edited = st.data_editor(
        grid_frame(loaded),
        key=f"table-{name}-{loaded.sha256[:12]}",  # a new version on disk starts a fresh editor
        num_rows="dynamic",
        hide_index=False,
        width="stretch",
        height=420,
        column_config=column_config(name, cohort_keys, lang),
    )
    change = describe_change(loaded.data, table_bytes(edited), name)
    problems = check_edit(directory, name, edited)
    problems_table(problems, lang, rows={name: grid_rows(edited)}, key=f"problems-{name}", frame=(name, edited))

    st.markdown(t("editor.your_changes", lang, summary=change.summary()))
    if change.details:
        st.dataframe(pd.DataFrame({t("editor.change", lang): change.details}), hide_index=True, width="stretch")
    left, right = st.columns(2)
    has_errors = any(p.severity == "error" for p in problems)
    if left.button(
        t("editor.save", lang), type="primary", disabled=has_errors or change.is_empty, icon=":material/save:"
    ):
        result = saved_or_explained(
            lambda: save_table(directory, loaded, edited, editor.name, signed_in=editor.signed_in), lang
        )
        if result:
            forget_loaded(name)
            st.session_state[NOTICE_KEY] = t("editor.saved", lang, name=name, summary=result.change.summary())
            st.rerun()
    if right.button(t("editor.discard", lang), icon=":material/refresh:"):
        forget_loaded(name)
        st.rerun()


def problems_table(
    problems: list[Problem] | tuple[Problem, ...],
    lang: Language,
    rows: Mapping[str, list[object]] | None = None,
    key: str | None = None,
    frame: tuple[str, pd.DataFrame] | None = None,
) -> None:
    """The checker's findings in the editor's language. With `rows` (file -> the grid row of each saved
    row), each problem names the grid's row; choosing one (with `key`) shows its row with the cell marked
    when it is in `frame` (the file's name and the grid's table)."""
    errors = sum(p.severity == "error" for p in problems)
    if not problems:
        st.success(t("editor.no_problems", lang), icon=":material/check_circle:")
        return
    if errors:
        st.error(t("editor.errors", lang, count=errors), icon=":material/error:")
    else:
        st.warning(t("editor.warnings", lang, count=len(problems)), icon=":material/warning:")
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
    located = [grid_row(p, rows) for p in ordered]
    table = pd.DataFrame(
        [
            {
                "": t(f"severity.{p.severity}", lang),
                t("problems.file", lang): p.file,
                t("problems.row", lang): "" if where is None else str(where),
                t("problems.column", lang): p.column or "",
                t("problems.problem", lang): p.text(lang),
            }
            for p, where in zip(ordered, located, strict=True)
        ]
    )
    if key is None:
        st.dataframe(table, hide_index=True, width="stretch")
        return
    st.caption(t("editor.problems_pick", lang))
    picked = st.dataframe(
        table, hide_index=True, width="stretch", key=key, on_select="rerun", selection_mode="single-row"
    )
    selected = picked.selection.rows if picked is not None else []
    if selected and frame is not None:
        problem = ordered[selected[0]]
        name, table = frame
        where = located[selected[0]] if problem.file == name else None
        show_problem_cell(problem, where, table, lang)


def grid_row(problem: Problem, rows: Mapping[str, list[object]] | None) -> object:
    """The row the editor looks for: the grid's row number for the table being edited ('new' for added rows)."""
    if problem.row is None or rows is None or problem.file not in rows or problem.row < 2:
        return problem.row
    labels = rows[problem.file]
    position = problem.row - 2
    if position >= len(labels):
        return problem.row
    return labels[position] if labels[position] is not None else "new"


def show_problem_cell(problem: Problem, where: object, frame: pd.DataFrame, lang: Language) -> None:
    """The chosen problem's row from the grid, its cell marked: what to look for and where."""
    if not isinstance(where, int) or where not in frame.index:
        st.info(t("editor.problem_at", lang, where=problem.where(lang)), icon=":material/my_location:")
        return
    row = frame.loc[[where]]
    column = problem.column if problem.column in row.columns else None
    st.info(t("editor.problem_find", lang, where=problem.where(lang), row=where), icon=":material/my_location:")
    ordered = [column, *(c for c in row.columns if c != column)] if column else list(row.columns)
    styled = row[ordered].style.map(
        lambda _: "background-color: #ffd54f; font-weight: bold", subset=[column] if column else []
    )
    st.dataframe(styled, width="stretch", key=f"problem-cell-{problem.file}")


# --- uploads ----------------------------------------------------------------------------------


def upload_section(directory: Path, name: str, editor: Editor, lang: Language) -> None:
    """A CSV or XLSX fixed in a spreadsheet: checked, compared with the current file, saved like an edit."""
    st.subheader(t("editor.upload_heading", lang, name=name), anchor=False)
    st.caption(t("editor.upload_help", lang, name=name))
    round_ = st.session_state.get(UPLOADER_ROUND_KEY, 0)
    uploaded = st.file_uploader(
        t("editor.upload", lang, name=name), type=list(UPLOAD_TYPES), key=f"upload-{name}-{round_}"
    )
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    checked = st.session_state.setdefault(UPLOADS_KEY, {})
    if checked.get(name, (None,))[0] != digest:  # checked once: the base stays the file as it was then
        checked[name] = (digest, read_upload(directory, name, uploaded.name, data))
    upload: Upload = checked[name][1]
    problems_table(list(upload.problems), lang)
    if upload.change is None:
        return
    st.markdown(
        t("editor.upload_changes", lang, filename=escape_markdown(upload.filename), summary=upload.change.summary())
    )
    if upload.change.details:
        st.dataframe(pd.DataFrame({t("editor.change", lang): upload.change.details}), hide_index=True, width="stretch")
    with st.expander(t("editor.upload_diff", lang)):
        st.code(upload.diff or t("editor.upload_same", lang), language="diff")
    if st.button(
        t("editor.upload_save", lang, name=name),
        type="primary",
        disabled=not upload.can_save,
        icon=":material/upload_file:",
        key=f"upload-save-{name}",
    ):
        result = saved_or_explained(
            lambda: save_upload(directory, upload, editor.name, signed_in=editor.signed_in), lang
        )
        if result:
            forget_loaded(name)
            st.session_state[UPLOADER_ROUND_KEY] = round_ + 1
            st.session_state[NOTICE_KEY] = t("editor.saved", lang, name=name, summary=result.change.summary())
            st.rerun()


def saved_or_explained(save, lang: Language):
    """The save's result; or None after saying why it was refused (a conflict with its diff, the
    problems, or nothing to save). Messages quote file names, so they are shown as text."""
    try:
        return save()
    except EditConflict as conflict:
        st.error(escape_markdown(str(conflict)), icon=":material/sync_problem:")
        st.code(conflict.diff, language="diff")
    except InvalidEdit as invalid:
        problems_table(invalid.problems, lang)
    except EditRefused as refused:
        st.warning(escape_markdown(str(refused)), icon=":material/info:")
    return None


# --- history ----------------------------------------------------------------------------------


def browser_zone() -> tzinfo | None:
    """The editor's time zone as the browser reports it; None (the server's) if it is not known."""
    try:
        zone = st.context.timezone
        return ZoneInfo(zone) if zone else None
    except (ZoneInfoNotFoundError, ValueError, AttributeError):
        return None


def history_section(directory: Path, name: str, editor: Editor, lang: Language) -> None:
    st.header(t("editor.history", lang), anchor=False)
    versions = list_versions(directory, name)
    if not versions:
        st.caption(t("editor.no_versions", lang))
        return
    zone = browser_zone()
    st.dataframe(
        pd.DataFrame(
            {
                t("editor.saved_local", lang): [v.saved_at_local(zone) for v in versions],
                t("editor.who_column", lang): [who_label(v, lang) for v in versions],
                t("editor.what", lang): [v.action for v in versions],
                t("editor.changes", lang): [v.summary for v in versions],
                t("editor.cells_changed", lang): ["\n".join(v.details) for v in versions],
                t("editor.copy", lang): [v.path.name for v in versions],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    chosen = st.selectbox(
        t("editor.version_to_restore", lang),
        versions,
        format_func=lambda v: f"{v.saved_at_local(zone)} · {v.who or t('editor.unknown_person', lang)} · {v.path.name}",
        key="editor_restore_choice",
    )
    if st.button(t("editor.restore", lang), icon=":material/history:", key="editor_restore"):
        try:
            result = restore_version(directory, chosen, editor.name, signed_in=editor.signed_in)
        except InvalidEdit as invalid:
            st.error(t("editor.restore_misfit", lang), icon=":material/error:")
            problems_table(invalid.problems, lang)
        except EditRefused as refused:
            st.warning(str(refused), icon=":material/info:")
        else:
            forget_loaded(name)
            st.session_state[NOTICE_KEY] = t(
                "editor.restored", lang, name=escape_markdown(chosen.path.name), summary=result.change.summary()
            )
            st.rerun()


def who_label(version: Version, lang: Language) -> str:
    if not version.who:
        return ""
    return t("editor.who_signed_in", lang, who=version.who) if version.signed_in else version.who
