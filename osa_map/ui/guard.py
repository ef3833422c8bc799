"""Refuse what a browser may ask of the server but this app never needs: clearing every cache.

Streamlit's websocket accepts a `clear_cache` BackMsg from any client and answers it by clearing
st.cache_data and st.cache_resource for the whole server (AppSession._handle_clear_cache_request,
"Because this cache is global, it will be cleared for all users"). Its only legitimate sender is
the developer menu's "Clear cache", which this app hides (client.toolbarMode = "viewer"); nothing
in the app needs a client to clear server caches. An anonymous client sending it every 0.5 s made
every page 13x slower (issue 17). Streamlit 1.67 has no config option to turn it off, so
`refuse_client_cache_clearing()` wraps AppSession.handle_backmsg, the one entry point for messages
from browsers, to drop that single message type and pass every other one through unchanged.

Installed once from app.py; installing again is a no-op. A developer who wants to clear the
caches restarts the server (the caches live in its memory only).
"""

from __future__ import annotations

import functools
import logging

from streamlit.runtime.app_session import AppSession

log = logging.getLogger(__name__)

REFUSED_MESSAGES = frozenset({"clear_cache"})
_MARK = "_osa_refuses_client_cache_clearing"
_refused_once: set[str] = set()


def refuse_client_cache_clearing() -> None:
    """Make every session ignore a client's clear-cache message (idempotent, process-wide)."""
    original = AppSession.handle_backmsg
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    def handle_backmsg(self: AppSession, msg) -> None:
        kind = msg.WhichOneof("type")
        if kind in REFUSED_MESSAGES:
            # Once at warning level, then quietly: a flood must not fill the server's log either.
            level = logging.DEBUG if _refused_once else logging.WARNING
            _refused_once.add(kind)
            log.log(level, "ignored a %s message from a client (session %s)", kind, self.id)
            return
        original(self, msg)

    setattr(handle_backmsg, _MARK, True)
    AppSession.handle_backmsg = handle_backmsg


def client_cache_clearing_refused() -> bool:
    """Whether the guard is installed in this process (for tests and health checks)."""
    return bool(getattr(AppSession.handle_backmsg, _MARK, False))
