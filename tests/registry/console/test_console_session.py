"""Console sessions and form-post origins, without a server: the signed cookie's expiry and
key, the origins a post may come from, and the settings that configure both."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from registry.console.auth import same_origin
from registry.console.session import Session, SessionSigner
from registry.settings import RegistrySettings, SettingsError

DATABASE = {"REGISTRY_DATABASE_URL": "postgresql+asyncpg://registry@db/registry"}


def _post(origin: str | None, *, host: str = "127.0.0.1:4010") -> Request:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return Request(
        {"type": "http", "method": "POST", "scheme": "http", "path": "/console/sign-in",
         "query_string": b"", "headers": headers, "server": ("127.0.0.1", 4010)}
    )  # fmt: skip


def test_a_session_reads_back_until_it_expires() -> None:
    signer = SessionSigner("a-session-secret-of-at-least-32-characters")
    session = Session.new("token", "ab" * 32, expires=2_000)
    cookie = signer.encode(session)
    assert signer.decode(cookie, now=1_999) == session
    assert signer.decode(cookie, now=2_000) is None


def test_a_cookie_signed_with_another_key_is_refused() -> None:
    session = Session.new("jwt", "user u-1", expires=2_000)
    cookie = SessionSigner("one-session-secret-of-at-least-32-characters").encode(session)
    other = SessionSigner("another-session-secret-of-at-least-32-chars")
    assert other.decode(cookie, now=1_000) is None
    # Without a configured secret each signer draws its own key.
    assert SessionSigner(None).decode(SessionSigner(None).encode(session), now=1_000) is None


def test_posts_must_come_from_the_console_or_its_public_url() -> None:
    assert same_origin(_post("http://127.0.0.1:4010"), None)
    assert not same_origin(_post("https://evil.example"), None)
    # Browsers send `Origin: null` for posts from sandboxed or opaque documents.
    assert not same_origin(_post("null"), None)
    behind_proxy = _post("https://registry.example.com", host="10.0.0.5:4010")
    assert not same_origin(behind_proxy, None)
    assert same_origin(behind_proxy, "https://registry.example.com/")


def test_console_secrets_must_be_long_enough() -> None:
    with pytest.raises(SettingsError, match="REGISTRY_SESSION_SECRET"):
        RegistrySettings.from_env({**DATABASE, "REGISTRY_SESSION_SECRET": "short"})
    with pytest.raises(SettingsError, match="JWT_SECRET"):
        RegistrySettings.from_env({**DATABASE, "JWT_SECRET": "short"})
    settings = RegistrySettings.from_env(
        {**DATABASE, "REGISTRY_SESSION_SECRET": "s" * 32, "JWT_SECRET": "j" * 32}
    )
    assert settings.session_secret == "s" * 32
    assert settings.jwt_secret == "j" * 32
