"""Who may edit: the editors' password, and a server-wide pause that slows guessing."""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

PASSWORD_ENV = "OSA_EDITOR_PASSWORD"
PASSWORD_SECRET = "editor_password"


# --- who may edit -----------------------------------------------------------------------

FAILURE_WINDOW_S = 15 * 60
FIRST_PAUSE_S = 1.0
LONGEST_PAUSE_S = 16.0
_failures: deque[float] = deque()
_failures_lock = threading.Lock()


def configured_password(secrets: Mapping[str, object] | None = None) -> str | None:
    """The editors' password: $OSA_EDITOR_PASSWORD, else the `editor_password` secret; None if neither."""
    from_env = os.environ.get(PASSWORD_ENV, "")
    if from_env:
        return from_env
    secret = (secrets or {}).get(PASSWORD_SECRET)
    return str(secret) if secret else None


def verify_password(supplied: str, expected: str, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Constant-time comparison; each failure pauses longer (1 s, 2 s, 4 s ... 16 s) to slow guessing.

    Failures are counted for the whole server, not per browser session, so opening a new tab
    does not reset the pause.
    """
    if hmac.compare_digest(supplied.encode("utf-8"), expected.encode("utf-8")):
        return True
    now = time.monotonic()
    with _failures_lock:
        while _failures and now - _failures[0] > FAILURE_WINDOW_S:
            _failures.popleft()
        _failures.append(now)
        recent = len(_failures)
    sleep(min(FIRST_PAUSE_S * 2 ** (recent - 1), LONGEST_PAUSE_S))
    return False


def reset_password_failures() -> None:
    with _failures_lock:
        _failures.clear()
