"""Who may edit: the editors' password, and limits on guessing it that never put a thread to sleep.

Two limits, both answered at once (no server thread waits, so a flood of guesses costs no memory):

- per client (a browser session): one typo is free; after the second wrong password that
  client's next try is refused unchecked for 1 s, then 2 s, 4 s ... at most 16 s, counted over
  15 minutes;
- for the whole server: at most GLOBAL_BUDGET wrong passwords per GLOBAL_WINDOW_S from all clients
  together. Opening more sessions therefore does not buy more guesses: about 14,400 a day at
  most, against ~430,000 with a pause per attempt and 100 sessions (issue 17).

While a limit holds, the password is not even compared, so a refused try tells an attacker
nothing. The real editor is never locked out for longer than GLOBAL_WINDOW_S after guessing
stops: each failure ages out of the window (tests/test_hostile.py measures a 300-guess burst).
"""

from __future__ import annotations

import hmac
import math
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass

PASSWORD_ENV = "OSA_EDITOR_PASSWORD"
PASSWORD_SECRET = "editor_password"


# --- who may edit -----------------------------------------------------------------------

FAILURE_WINDOW_S = 15 * 60  # a client's failures count for this long
FIRST_PAUSE_S = 1.0  # a client's second wrong password locks it for this long, doubling after
LONGEST_PAUSE_S = 16.0
GLOBAL_BUDGET = 10  # wrong passwords from all clients together ...
GLOBAL_WINDOW_S = 60.0  # ... per this many seconds
MAX_CLIENTS_TRACKED = 10_000  # memory stays bounded however many sessions guess


@dataclass(frozen=True)
class SignIn:
    """The answer to one sign-in try. True only if the password was right.

    `checked` is False when a limit refused the try without comparing the password;
    `retry_after_s` is how long until this client may try again (0: at once).
    """

    accepted: bool
    checked: bool = True
    retry_after_s: int = 0

    def __bool__(self) -> bool:
        return self.accepted


@dataclass
class _Client:
    failures: deque[float]
    locked_until: float = 0.0


_clients: OrderedDict[str, _Client] = OrderedDict()
_global_failures: deque[float] = deque()
_lock = threading.Lock()


def configured_password(secrets: Mapping[str, object] | None = None) -> str | None:
    """The editors' password: $OSA_EDITOR_PASSWORD, else the `editor_password` secret; None if neither."""
    from_env = os.environ.get(PASSWORD_ENV, "")
    if from_env:
        return from_env
    secret = (secrets or {}).get(PASSWORD_SECRET)
    return str(secret) if secret else None


def verify_password(supplied: str, expected: str, client: str = "", now: float | None = None) -> SignIn:
    """Compare in constant time, within the per-client and server-wide limits; never sleeps.

    `client` identifies the browser session (the page passes its session id); tries without one
    share a single client's limit. The result is truthy only for the right password, so
    `if verify_password(...)` reads as before.
    """
    now = time.monotonic() if now is None else now
    with _lock:
        _forget_old(now)
        record = _clients.get(client)
        wait = max(
            record.locked_until - now if record else 0.0,
            _global_failures[0] + GLOBAL_WINDOW_S - now if len(_global_failures) >= GLOBAL_BUDGET else 0.0,
        )
        if wait > 0:
            return SignIn(accepted=False, checked=False, retry_after_s=math.ceil(wait))
        if hmac.compare_digest(supplied.encode("utf-8"), expected.encode("utf-8")):
            _clients.pop(client, None)
            return SignIn(accepted=True)
        if record is None:
            record = _clients[client] = _Client(deque())
            while len(_clients) > MAX_CLIENTS_TRACKED:
                _clients.popitem(last=False)
        _clients.move_to_end(client)
        record.failures.append(now)
        record.locked_until = now + _lockout(len(record.failures))
        _global_failures.append(now)
        return SignIn(accepted=False, retry_after_s=math.ceil(record.locked_until - now))


def _lockout(failures: int) -> float:
    """Seconds a client waits after its n-th recent failure: none after a single typo, then doubling."""
    return 0.0 if failures < 2 else min(FIRST_PAUSE_S * 2 ** (failures - 2), LONGEST_PAUSE_S)


def _forget_old(now: float) -> None:
    while _global_failures and now - _global_failures[0] >= GLOBAL_WINDOW_S:
        _global_failures.popleft()
    for client in list(_clients):
        record = _clients[client]
        while record.failures and now - record.failures[0] > FAILURE_WINDOW_S:
            record.failures.popleft()
        if not record.failures and record.locked_until <= now:
            del _clients[client]


def reset_password_failures() -> None:
    with _lock:
        _clients.clear()
        _global_failures.clear()
