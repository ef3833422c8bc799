"""Who is editing, when the organisation's single sign-on vouches for it.

Streamlit's own OpenID Connect support (`st.login`) does the sign-in, configured in
`.streamlit/secrets.toml`; this module decides, without Streamlit, whether sign-in is configured,
which provider to send editors to, and whether a signed-in identity may edit:

    [auth]
    redirect_uri = "https://osa.example.org/oauth2callback"
    cookie_secret = "a long random string"

    [auth.microsoft]                      # or [auth.google], or client_id etc. directly under [auth]
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://login.microsoftonline.com/<tenant id>/v2.0/.well-known/openid-configuration"

    [editors]
    allowed = ["a.tanaka@example.go.jp", "@osa-team.example.org"]   # people, or everyone at a domain

When sign-in is configured the password is not asked for (osa_map.editing.auth stays the default
for a single machine), and the change log records the signed-in identity instead of a typed name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

AUTH_SECTION = "auth"
EDITORS_SECTION = "editors"
ALLOWED_KEY = "allowed"
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class SignIn:
    """Sign-in as configured: the provider to pass to st.login (None: the one under [auth]) and who may edit."""

    provider: str | None
    allowed: tuple[str, ...]  # lower-case addresses, and "@domain" for everyone at a domain

    def may_edit(self, user: Mapping[str, object]) -> bool:
        """True if the provider vouched for an address on the allow-list (a domain entry covers its people)."""
        if user.get("email_verified") is False:  # Google says so when an address is not proven
            return False
        address = editor_address(user)
        if not address:
            return False
        domain = "@" + address.rsplit("@", 1)[-1] if "@" in address else None
        return address in self.allowed or (domain is not None and domain in self.allowed)


def sign_in_config(secrets: Mapping[str, object]) -> SignIn | None:
    """Sign-in from secrets.toml's [auth] and [editors] sections, or None when the password applies."""
    auth = secrets.get(AUTH_SECTION)
    if not isinstance(auth, Mapping) or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return None
    if all(auth.get(key) for key in PROVIDER_KEYS):
        provider = None
    else:
        named = [name for name, section in auth.items() if isinstance(section, Mapping) and section.get("client_id")]
        if not named:
            return None
        provider = sorted(named)[0]
    editors = secrets.get(EDITORS_SECTION)
    allowed = editors.get(ALLOWED_KEY, ()) if isinstance(editors, Mapping) else ()
    if isinstance(allowed, str):
        allowed = [allowed]
    return SignIn(provider, tuple(str(entry).strip().lower() for entry in allowed if str(entry).strip()))


def editor_address(user: Mapping[str, object]) -> str:
    """The address the provider vouched for: email, or Entra ID's preferred_username; lower case."""
    for claim in ("email", "preferred_username", "upn"):
        value = user.get(claim)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return ""


def editor_identity(user: Mapping[str, object]) -> str:
    """How the change log names a signed-in editor: 'Aiko Tanaka <a.tanaka@example.go.jp>'."""
    address = editor_address(user)
    name = user.get("name")
    if isinstance(name, str) and name.strip() and address:
        return f"{' '.join(name.split())} <{address}>"
    return address or str(user.get("sub", ""))
