"""The Edit page's history: every kept version of a file, who saved it, what changed, in the
editor's local time, and restoring one. osa_map.editing.history keeps them; this module draws.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from osa_map.editing.history import Version, list_versions
from osa_map.editing.save import EditRefused, InvalidEdit, restore_version
from osa_map.i18n import Language, t
from osa_map.render.text import escape_markdown
from osa_map.ui.edit_problems import problems_table
from osa_map.ui.edit_session import NOTICE_KEY, forget_loaded
from osa_map.ui.signin import Editor


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
                t("editor.what", lang): [v.action_text(lang) for v in versions],
                t("editor.changes", lang): [v.summary(lang) for v in versions],
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
            st.warning(refused.text(lang), icon=":material/info:")
        else:
            forget_loaded(name)
            st.session_state[NOTICE_KEY] = t(
                "editor.restored", lang, name=escape_markdown(chosen.path.name), summary=result.change.summary(lang)
            )
            st.rerun()


def who_label(version: Version, lang: Language) -> str:
    if not version.who:
        return ""
    return t("editor.who_signed_in", lang, who=version.who) if version.signed_in else version.who
