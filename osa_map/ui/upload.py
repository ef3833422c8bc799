"""Bringing a file fixed in a spreadsheet back on the Edit page: upload, check, compare, save.

osa_map.editing.upload reads and checks the upload and saves it like an edit; this module draws
the uploader, what the upload would change, and the save button.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from osa_map.editing.upload import UPLOAD_TYPES, Upload, read_upload, save_upload
from osa_map.i18n import Language, t
from osa_map.render.text import escape_markdown
from osa_map.ui.edit_problems import problems_table
from osa_map.ui.edit_session import NOTICE_KEY, UPLOADS_KEY, forget_loaded, saved_or_explained
from osa_map.ui.signin import Editor

UPLOADER_ROUND_KEY = "editor_upload_round"  # bumped after a save so the uploader starts empty


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
        t("editor.upload_changes", lang, filename=escape_markdown(upload.filename), summary=upload.change.summary(lang))
    )
    if upload.change.rows:
        lines = upload.change.detail_lines(lang)
        st.dataframe(pd.DataFrame({t("editor.change", lang): lines}), hide_index=True, width="stretch")
    with st.expander(t("editor.upload_diff", lang)):
        st.code(upload.diff.text(lang) if upload.diff else t("editor.upload_same", lang), language="diff")
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
            st.session_state[NOTICE_KEY] = t("editor.saved", lang, name=name, summary=result.change.summary(lang))
            st.rerun()
