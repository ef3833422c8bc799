"""Who is editing: sign-in with Streamlit's own OpenID Connect support, an allow-list, and the change log.

The configured path is tested against a local OpenID provider these tests start: a small test
double of a real provider's endpoints (discovery, authorize, token, jwks, userinfo) on a loopback
port, signing RS256 ID tokens with a key made for the run. Streamlit's real auth routes
(`/auth/login`, `/oauth2callback`, under `streamlit run`) do the code exchange and the token
checks against it, exactly as with Microsoft Entra ID or Google; nothing mocks st.user. The
browser test at the end clicks "Sign in to edit" in Chromium and saves an upload as the
signed-in editor.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from streamlit.testing.v1 import AppTest

from osa_map.editing.history import read_change_log
from osa_map.editing.signin import SignIn, editor_identity, sign_in_config
from osa_map.editing.upload import read_upload, save_upload
from osa_map.paths import REPO_ROOT
from tests.helpers import LEDGER, write_dataset
from tests.support.browser import free_port
from tests.test_validation import csv_text

APP = str(REPO_ROOT / "app.py")
CLIENT_ID = "osa-map-editors"
CLIENT_SECRET = "test-client-secret"
COOKIE_SECRET = "a-cookie-secret-long-enough-for-hs256-signing-0123456789"
AIKO = {"sub": "aiko-0001", "email": "Aiko.Tanaka@example.go.jp", "name": "Aiko  Tanaka", "email_verified": True}
SERVER_START_TIMEOUT_S = 60


# --- a local OpenID provider ------------------------------------------------------------------


@dataclass
class Provider:
    """An OpenID provider on a loopback port that signs in `user` at once (no login form)."""

    url: str
    user: dict
    codes: dict[str, dict] = field(default_factory=dict)  # code -> the authorize request's values
    token_requests: int = 0

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"


def _provider_handler(provider: Provider, key) -> type[BaseHTTPRequestHandler]:
    from joserfc import jwt

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet: pytest shows failures, not traffic
            pass

        def _json(self, payload: dict, status: int = 200) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(
                    {
                        "issuer": provider.url,
                        "authorization_endpoint": f"{provider.url}/authorize",
                        "token_endpoint": f"{provider.url}/token",
                        "jwks_uri": f"{provider.url}/jwks",
                        "userinfo_endpoint": f"{provider.url}/userinfo",
                        "response_types_supported": ["code"],
                        "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                        "code_challenge_methods_supported": ["S256"],
                        "scopes_supported": ["openid", "email", "profile"],
                        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                    }
                )
            elif url.path == "/jwks":
                self._json({"keys": [key.as_dict(private=False)]})
            elif url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    self._json({"error": "invalid_request"}, 400)
                    return
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif url.path == "/userinfo":
                self._json(provider.user)
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            if urlparse(self.path).path != "/token":
                self._json({"error": "not_found"}, 404)
                return
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
            request = provider.codes.pop(form.get("code", ""), None)
            if request is None or form.get("redirect_uri") != request["redirect_uri"]:
                self._json({"error": "invalid_grant"}, 400)
                return
            if not _client_authenticated(self.headers.get("Authorization"), form):
                self._json({"error": "invalid_client"}, 401)
                return
            challenge = request.get("code_challenge")
            if challenge:  # PKCE, as Streamlit asks for it: the verifier must hash to the challenge
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
                    self._json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
                    return
            provider.token_requests += 1
            now = int(time.time())
            claims = {
                "iss": provider.url,
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
                "nonce": request.get("nonce"),
                **provider.user,
            }
            id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
            self._json(
                {
                    "access_token": secrets.token_urlsafe(16),
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": id_token,
                }
            )

    return Handler


def _client_authenticated(authorization: str | None, form: dict) -> bool:
    if authorization and authorization.startswith("Basic "):
        client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        return client_id == CLIENT_ID and secret == CLIENT_SECRET
    return form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET


@pytest.fixture
def provider() -> Iterator[Provider]:
    from joserfc.jwk import RSAKey

    key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"}, private=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    provider = Provider(f"http://127.0.0.1:{server.server_address[1]}", dict(AIKO))
    server.RequestHandlerClass = _provider_handler(provider, key)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield provider
    server.shutdown()
    server.server_close()


def secrets_toml(port: int, provider: Provider, allowed: list[str]) -> str:
    return f"""[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{provider.metadata_url}"

[editors]
allowed = {json.dumps(allowed)}
"""


@dataclass
class SignedInServer:
    url: str
    secrets_path: Path
    data_dir: Path
    process: subprocess.Popen
    log_path: Path


@pytest.fixture
def signed_in_server(tmp_path, provider) -> Iterator[SignedInServer]:
    """`streamlit run app.py` configured for the local provider; only Aiko's address is allowed."""
    port = free_port()
    secrets_path = tmp_path / "secrets.toml"
    secrets_path.write_text(secrets_toml(port, provider, ["aiko.tanaka@example.go.jp"]))
    data_dir = write_dataset(tmp_path / "data")
    log_path = tmp_path / "streamlit.log"
    env = {**os.environ, "OSA_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "OSA_EDITOR_PASSWORD": "pw"}
    command = [sys.executable, "-m", "streamlit", "run", APP, "--server.port", str(port)]
    command += ["--server.address", "localhost", "--server.headless", "true", "--secrets.files", str(secrets_path)]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"streamlit did not start:\n{log_path.read_text()}") from None
            time.sleep(0.1)
    yield SignedInServer(url, secrets_path, data_dir, process, log_path)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def login_path(secrets_path: Path) -> str:
    """The address st.login sends the browser to, made by Streamlit's own code with the server's secrets."""
    script = (
        "import sys; from streamlit import config; config.set_option('secrets.files', [sys.argv[1]]); "
        "from streamlit.user_info import generate_login_redirect_url; print(generate_login_redirect_url('default'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(secrets_path)], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    return result.stdout.strip().splitlines()[-1]


def signed_in_user(server: SignedInServer, provider: Provider) -> dict:
    """Sign in over HTTP as a browser would, following each redirect; return what st.user will hold."""
    import httpx
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value
    from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME

    with httpx.Client(follow_redirects=False, timeout=30) as client:
        response = client.get(server.url + login_path(server.secrets_path))
        assert response.status_code in (302, 303, 307), server.log_path.read_text()
        to_provider = response.headers["location"]
        assert to_provider.startswith(f"{provider.url}/authorize?")
        back = client.get(to_provider)  # the provider signs Aiko in and sends her back with a code
        assert back.status_code == 302 and back.headers["location"].startswith(f"{server.url}/oauth2callback?")
        done = client.get(back.headers["location"])  # Streamlit exchanges the code and checks the ID token
        assert done.status_code in (302, 303, 307), server.log_path.read_text()
        cookie = client.cookies.get(USER_COOKIE_NAME)
    assert cookie, f"Streamlit set no user cookie:\n{server.log_path.read_text()}"
    assert provider.token_requests == 1
    return json.loads(decode_signed_value(COOKIE_SECRET, USER_COOKIE_NAME, cookie.encode("latin-1")))


# --- the sign-in rules ------------------------------------------------------------------------


def test_sign_in_is_configured_only_by_a_complete_auth_section():
    assert sign_in_config({}) is None
    assert sign_in_config({"editor_password": "pw"}) is None
    assert sign_in_config({"auth": {"redirect_uri": "http://x/oauth2callback"}}) is None  # no cookie secret
    base = {"redirect_uri": "http://x/oauth2callback", "cookie_secret": "s"}
    assert sign_in_config({"auth": base}) is None  # no provider
    default = sign_in_config({"auth": {**base, "client_id": "c", "client_secret": "s", "server_metadata_url": "u"}})
    assert default == SignIn(None, ())  # configured, but nobody may edit until the allow-list names them
    named = sign_in_config(
        {"auth": {**base, "microsoft": {"client_id": "c"}}, "editors": {"allowed": ["A@Example.org", "@team.org"]}}
    )
    assert named == SignIn("microsoft", ("a@example.org", "@team.org"))


def test_the_allow_list_takes_people_and_domains():
    rules = SignIn(None, ("aiko.tanaka@example.go.jp", "@osa-team.example.org"))
    assert rules.may_edit({"email": "Aiko.Tanaka@example.go.jp"})
    assert rules.may_edit({"preferred_username": "ken@osa-team.example.org"})  # Entra ID's claim
    assert not rules.may_edit({"email": "ken@example.go.jp"})
    assert not rules.may_edit({"email": "mallory@evil-osa-team.example.org"})
    assert not rules.may_edit({"email": "aiko.tanaka@example.go.jp", "email_verified": False})
    assert not rules.may_edit({"sub": "no-address"})
    assert not SignIn(None, ()).may_edit({"email": "aiko.tanaka@example.go.jp"})


def test_the_change_log_names_the_identity_the_provider_vouched_for():
    assert editor_identity(AIKO) == "Aiko Tanaka <aiko.tanaka@example.go.jp>"
    assert editor_identity({"preferred_username": "ken@team.org"}) == "ken@team.org"


def test_with_sign_in_configured_the_page_asks_for_it_and_not_for_the_password(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "data")
    monkeypatch.setenv("OSA_DATA_DIR", str(directory))
    monkeypatch.setenv("OSA_EDITOR_PASSWORD", "pw")  # set, but sign-in takes over
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": COOKIE_SECRET,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    app.secrets["editors"] = {"allowed": ["aiko.tanaka@example.go.jp"]}
    app.run()
    app.switch_page("pages/editor.py").run()
    assert not app.exception, app.exception
    assert "Editing needs your organisation's sign-in." in app.info[0].value
    assert app.button(key="editor_sign_in").label == "Sign in to edit"
    assert not app.text_input  # no password field, no typed name
    assert not any(frame.proto.editing_mode for frame in app.dataframe)


# --- the configured path, against the local provider ------------------------------------------


def test_signing_in_through_a_real_openid_exchange_names_the_editor_in_the_change_log(signed_in_server, provider):
    user = signed_in_user(signed_in_server, provider)
    assert user["is_logged_in"] is True and user["email"] == AIKO["email"] and user["sub"] == AIKO["sub"]
    secrets_path = signed_in_server.secrets_path
    import tomllib

    rules = sign_in_config(tomllib.loads(secrets_path.read_text()))
    assert rules is not None and rules.provider is None and rules.may_edit(user)

    # What the page does with it: the save is recorded under the identity, marked as signed in.
    rows = [dict(row) for row in LEDGER]
    rows[0]["status"] = "delivered"
    upload = read_upload(signed_in_server.data_dir, "recipients.csv", "recipients.csv", csv_text(rows).encode())
    save_upload(signed_in_server.data_dir, upload, editor_identity(user), signed_in=True)
    entry = read_change_log(signed_in_server.data_dir)[-1]
    assert entry["who"] == "Aiko Tanaka <aiko.tanaka@example.go.jp>" and entry["signed_in"] is True


def test_someone_the_provider_knows_but_the_allow_list_does_not_cannot_edit(signed_in_server, provider):
    provider.user = {"sub": "ken-0002", "email": "ken@example.go.jp", "name": "Ken", "email_verified": True}
    user = signed_in_user(signed_in_server, provider)
    assert user["email"] == "ken@example.go.jp"
    import tomllib

    assert not sign_in_config(tomllib.loads(signed_in_server.secrets_path.read_text())).may_edit(user)


@pytest.mark.browser
def test_in_a_browser_the_signed_in_editor_saves_and_the_log_names_her(signed_in_server, provider, browser, tmp_path):
    """The whole path as an editor takes it: the page's button, the provider, back, upload, save."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1440, "height": 900}, service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{signed_in_server.url}/editor")
        page.get_by_role("button", name="Sign in to edit").click(timeout=60_000)
        # To the provider, back to /oauth2callback, then Streamlit sends the browser home, signed in.
        page.wait_for_url(lambda url: url.rstrip("/") == signed_in_server.url, timeout=60_000)
        page.goto(f"{signed_in_server.url}/editor")
        expect(page.get_by_text("Signed in as Aiko Tanaka")).to_be_visible(timeout=60_000)
        expect(page.get_by_label("Editor password")).to_have_count(0)

        rows = [dict(row) for row in LEDGER]
        rows[0]["status"] = "delivered"
        upload_path = tmp_path / "recipients.csv"
        upload_path.write_text(csv_text(rows))
        page.locator('input[type="file"]').first.set_input_files(str(upload_path))
        save = page.get_by_role("button", name="Save the upload as recipients.csv")
        expect(save).to_be_enabled(timeout=60_000)
        save.click()
        expect(page.get_by_text("Saved recipients.csv")).to_be_visible(timeout=60_000)
    finally:
        context.close()
    entry = read_change_log(signed_in_server.data_dir)[-1]
    assert entry["who"] == "Aiko Tanaka <aiko.tanaka@example.go.jp>" and entry["signed_in"] is True
