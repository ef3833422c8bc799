"""The Edit data page's drawing: who is editing (ui.signin), the grid with spreadsheet row numbers
and its problems pointing at their cell (ui.edit_problems), uploads (ui.upload), and a history
that says which cells changed, when, in local time (ui.history).

osa_map.editing does the checking, saving, history, sign-in rules and password comparison; this
module lays out the page and draws the grid, and ui.edit_session keeps what the editor opened.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from osa_map.data.dataset import Dataset, data_directory
from osa_map.data.schema import CONFIDENCE_LEVELS, EQUIPMENT_CATEGORIES, RECIPIENTS_FILE, STATUSES, DataError
from osa_map.editing.auth import configured_password
from osa_map.editing.changes import describe_change
from osa_map.editing.editable import EDITABLE_FILES, LoadedFile, check_edit, load_for_editing, table_bytes
from osa_map.editing.save import save_table
from osa_map.editing.signin import sign_in_config
from osa_map.i18n import Language, t
from osa_map.render.spreadsheet import csv_bytes
from osa_map.ui.edit_problems import problems_table
from osa_map.ui.edit_session import NOTICE_KEY, forget_loaded, loaded_file, saved_or_explained
from osa_map.ui.history import history_section
from osa_map.ui.loaders import current_dataset, show_data_problems
from osa_map.ui.selection import current_language
from osa_map.ui.signin import Editor, password_editor, secrets, signed_in_editor
from osa_map.ui.upload import upload_section

ROW_LABEL = "row"  # the grid's index: the spreadsheet row of the file as it was opened


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


# --- the grid ----------------------------------------------------------------------------------


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

    st.markdown(t("editor.your_changes", lang, summary=change.summary(lang)))
    if change.rows:
        st.dataframe(
            pd.DataFrame({t("editor.change", lang): change.detail_lines(lang)}), hide_index=True, width="stretch"
        )
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
            st.session_state[NOTICE_KEY] = t("editor.saved", lang, name=name, summary=result.change.summary(lang))
            st.rerun()
    if right.button(t("editor.discard", lang), icon=":material/refresh:"):
        forget_loaded(name)
        st.rerun()
