"""What the Edit page keeps between reruns, and how a save's outcome is told.

The file as the editor opened it stays in the session until it is saved or discarded: it is the
base a save checks the file on disk against. A save's success is shown after the rerun that
reloads the file (NOTICE_KEY); a refusal is explained where the button was pressed.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from osa_map.editing.editable import LoadedFile, load_for_editing
from osa_map.editing.save import EditConflict, EditRefused, InvalidEdit
from osa_map.i18n import Language
from osa_map.render.text import escape_markdown
from osa_map.ui.edit_problems import problems_table

LOADED_KEY = "editor_loaded_files"  # file name -> LoadedFile: the version the editor started from
NOTICE_KEY = "editor_notice"
UPLOADS_KEY = "editor_uploads"  # file name -> (sha256 of the uploaded bytes, Upload)


def loaded_file(directory: Path, name: str) -> LoadedFile:
    loaded = st.session_state.setdefault(LOADED_KEY, {})
    if name not in loaded:
        loaded[name] = load_for_editing(directory, name)
    return loaded[name]


def forget_loaded(name: str) -> None:
    st.session_state.setdefault(LOADED_KEY, {}).pop(name, None)
    st.session_state.setdefault(UPLOADS_KEY, {}).pop(name, None)


def saved_or_explained(save, lang: Language):
    """The save's result; or None after saying why it was refused (a conflict with its diff, the
    problems, or nothing to save). Messages quote file names, so they are shown as text."""
    try:
        return save()
    except EditConflict as conflict:
        st.error(escape_markdown(conflict.text(lang)), icon=":material/sync_problem:")
        st.code(conflict.diff.text(lang), language="diff")
    except InvalidEdit as invalid:
        problems_table(invalid.problems, lang)
    except EditRefused as refused:
        st.warning(escape_markdown(refused.text(lang)), icon=":material/info:")
    return None
