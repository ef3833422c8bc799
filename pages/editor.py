"""Edit data: the ledger and the packages in a table, checked as you type, saved safely.

Thin: osa_map.editing does the checking, saving, history and password comparison; this page
only draws. With no editor password configured the page is read-only and offers downloads.
"""

import pandas as pd
import streamlit as st

from osa_map.data.dataset import data_directory
from osa_map.data.schema import CONFIDENCE_LEVELS, EQUIPMENT_CATEGORIES, RECIPIENTS_FILE, STATUSES, DataError, Problem
from osa_map.editing.auth import configured_password, verify_password
from osa_map.editing.save import (
    EDITABLE_FILES,
    EditConflict,
    EditRefused,
    InvalidEdit,
    LoadedFile,
    check_edit,
    describe_change,
    list_versions,
    load_for_editing,
    restore_version,
    save_table,
    table_bytes,
)
from osa_map.i18n import t
from osa_map.render.spreadsheet import csv_bytes
from osa_map.render.text import escape_markdown
from osa_map.ui.loaders import current_dataset, show_data_problems
from osa_map.ui.selection import current_language

UNLOCKED_KEY = "editor_unlocked"
LOADED_KEY = "editor_loaded_files"  # file name -> LoadedFile: the version the editor started from
NOTICE_KEY = "editor_notice"


def secrets() -> dict:
    """st.secrets as a dict; empty when there is no secrets.toml (that is not an error here)."""
    try:
        return dict(st.secrets)
    except Exception:  # Streamlit raises when no secrets file exists at all
        return {}


def problems_table(problems: list[Problem]) -> None:
    """The checker's findings; the messages are the validator's own (English, as the CLI prints them)."""
    errors = sum(p.severity == "error" for p in problems)
    if not problems:
        st.success(t("editor.no_problems", lang), icon=":material/check_circle:")
        return
    if errors:
        st.error(t("editor.errors", lang, count=errors), icon=":material/error:")
    else:
        st.warning(t("editor.warnings", lang, count=len(problems)), icon=":material/warning:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "": t(f"severity.{p.severity}", lang),
                    t("problems.file", lang): p.file,
                    t("problems.row", lang): p.row,
                    t("problems.column", lang): p.column or "",
                    t("problems.problem", lang): p.message,
                }
                for p in sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def column_config(name: str, cohort_keys: list[str]) -> dict:
    """Drop-downs for the columns that take a fixed vocabulary; free text elsewhere."""
    choices = {"confidence": list(CONFIDENCE_LEVELS)}
    if name == RECIPIENTS_FILE:
        choices |= {"status": list(STATUSES)} | ({"cohort": cohort_keys} if cohort_keys else {})
    else:
        choices |= {"category": list(EQUIPMENT_CATEGORIES)}
    return {column: st.column_config.SelectboxColumn(column, options=options) for column, options in choices.items()}


def loaded_file(name: str) -> LoadedFile:
    loaded = st.session_state.setdefault(LOADED_KEY, {})
    if name not in loaded:
        loaded[name] = load_for_editing(directory, name)
    return loaded[name]


def forget_loaded(name: str) -> None:
    st.session_state.setdefault(LOADED_KEY, {}).pop(name, None)


lang = current_language()
st.title(t("editor.title", lang), anchor=False)
directory = data_directory()
password = configured_password(secrets())

try:
    dataset = current_dataset(lang)
except DataError as error:
    show_data_problems(error, lang=lang)
    dataset = None

if password is None:
    st.info(t("editor.read_only", lang), icon=":material/lock:")
    if dataset is None:
        st.stop()  # the problems are listed above; only valid data is offered for download
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
    st.stop()

if not st.session_state.get(UNLOCKED_KEY):
    with st.form("editor_login"):
        supplied = st.text_input(t("editor.password", lang), type="password")
        if st.form_submit_button(t("editor.unlock", lang)):
            if verify_password(supplied, password):
                st.session_state[UNLOCKED_KEY] = True
                st.rerun()
            st.error(t("editor.wrong_password", lang), icon=":material/block:")
    st.stop()

if NOTICE_KEY in st.session_state:
    st.success(st.session_state.pop(NOTICE_KEY), icon=":material/check_circle:")

who = st.text_input(t("editor.who", lang), key="editor_name")
name = st.segmented_control(t("editor.file", lang), EDITABLE_FILES, default=RECIPIENTS_FILE, key="editor_file")
name = name or RECIPIENTS_FILE
try:
    loaded = loaded_file(name)
except (DataError, OSError) as error:
    st.error(t("editor.cannot_open", lang, name=name, error=error), icon=":material/error:")
    loaded = None

if loaded is not None:
    st.caption(t("editor.rows_help", lang))
    cohort_keys = list(dataset.cohorts["key"]) if dataset is not None else []
    edited = st.data_editor(
        loaded.frame,
        key=f"table-{name}-{loaded.sha256[:12]}",  # a new version on disk starts a fresh editor
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        height=420,
        column_config=column_config(name, cohort_keys),
    )
    change = describe_change(loaded.data, table_bytes(edited), name)
    problems = check_edit(directory, name, edited)
    problems_table(problems)

    st.markdown(t("editor.your_changes", lang, summary=change.summary()))
    if change.details:
        st.dataframe(pd.DataFrame({t("editor.change", lang): change.details}), hide_index=True, width="stretch")
    left, right = st.columns(2)
    has_errors = any(p.severity == "error" for p in problems)
    if left.button(
        t("editor.save", lang), type="primary", disabled=has_errors or change.is_empty, icon=":material/save:"
    ):
        try:
            result = save_table(directory, loaded, edited, who)
        except EditConflict as conflict:
            st.error(str(conflict), icon=":material/sync_problem:")
            st.code(conflict.diff, language="diff")
        except InvalidEdit as invalid:
            problems_table(invalid.problems)
        except EditRefused as refused:
            st.warning(str(refused), icon=":material/info:")
        else:
            forget_loaded(name)
            st.session_state[NOTICE_KEY] = t("editor.saved", lang, name=name, summary=result.change.summary())
            st.rerun()
    if right.button(t("editor.discard", lang), icon=":material/refresh:"):
        forget_loaded(name)
        st.rerun()

st.header(t("editor.history", lang), anchor=False)
versions = list_versions(directory, name)
if not versions:
    st.caption(t("editor.no_versions", lang))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("editor.saved_at", lang): [v.saved_at.strftime("%Y-%m-%d %H:%M:%S") for v in versions],
                t("editor.who_column", lang): [v.who for v in versions],
                t("editor.what", lang): [v.action for v in versions],
                t("editor.changes", lang): [v.summary for v in versions],
                t("editor.copy", lang): [v.path.name for v in versions],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    chosen = st.selectbox(
        t("editor.version_to_restore", lang),
        versions,
        format_func=lambda v: (
            f"{v.saved_at:%Y-%m-%d %H:%M:%S} UTC · {v.who or t('editor.unknown_person', lang)} · {v.path.name}"
        ),
        key="editor_restore_choice",
    )
    if st.button(t("editor.restore", lang), icon=":material/history:", key="editor_restore"):
        try:
            result = restore_version(directory, chosen, who)
        except InvalidEdit as invalid:
            st.error(t("editor.restore_misfit", lang), icon=":material/error:")
            problems_table(invalid.problems)
        except EditRefused as refused:
            st.warning(str(refused), icon=":material/info:")
        else:
            forget_loaded(name)
            st.session_state[NOTICE_KEY] = t(
                "editor.restored", lang, name=escape_markdown(chosen.path.name), summary=result.change.summary()
            )
            st.rerun()
