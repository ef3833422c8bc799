"""Who is editing, on the Edit page: the organisation's sign-in (st.login), or the shared password
and a typed name. osa_map.editing.signin and .auth decide; this module asks and draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from secrets import token_hex

import streamlit as st

from osa_map.editing.auth import verify_password
from osa_map.editing.signin import SignIn, editor_address, editor_identity
from osa_map.i18n import Language, t
from osa_map.render.text import escape_markdown

UNLOCKED_KEY = "editor_unlocked"


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
