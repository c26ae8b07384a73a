"""RS256/ES256 tokens verified with keys from a JWKS file or a JWKS URL served by a real local
server: caching, rotation (a new `kid` refetches, at most once per 30 s), scheduled refresh, and
failures that keep the last good keys."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from gateway.config import AuthConfig
from gateway.policy.auth import REFETCH_INTERVAL, JwtAuthenticator, parse_jwks
from gateway.request import Identity, Refusal
from tests.support.answers import status_of

from .jwks_server import JwksServer, serve_jwks
from .keys import HS_SECRET, FakeClock, bearer, ec_pair, hs256, jwks, rsa_pair, valid_claims

RSA = rsa_pair("rsa-1")
RSA_NEXT = rsa_pair("rsa-2")
EC = ec_pair("ec-1")


def accepted(answer: Identity | Refusal) -> bool:
    if isinstance(answer, Identity):
        assert answer.claims is not None
        return True
    assert status_of(answer) == 401
    assert answer.body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    return False


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document))
    return path


# --- a JWKS file -----------------------------------------------------------------------------


async def test_rs256_and_es256_tokens_verify_with_keys_from_a_file(tmp_path: Path) -> None:
    path = write(tmp_path / "jwks.json", jwks(RSA, EC))
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(path)), env={})
    for token in (RSA.sign(), EC.sign()):
        assert accepted(await auth.authenticate(bearer(token)))
    answer = await auth.authenticate(bearer(RSA.sign(valid_claims(scope="tutor admin"))))
    assert isinstance(answer, Identity)
    assert answer.scopes == {"tutor", "admin"}


async def test_token_without_kid_is_tried_against_keys_of_its_algorithm(tmp_path: Path) -> None:
    path = write(tmp_path / "jwks.json", jwks(RSA_NEXT, RSA))
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(path)), env={})
    token = jwt.encode(valid_claims(), RSA.private, algorithm="RS256")
    assert accepted(await auth.authenticate(bearer(token)))


async def test_alg_must_be_the_key_s_algorithm(tmp_path: Path) -> None:
    declared_rs384 = rsa_pair("rsa-384", "RS384")
    path = write(tmp_path / "jwks.json", jwks(declared_rs384, EC))
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(path)), env={"JWT_SECRET": HS_SECRET})
    # Same RSA key, but signed as RS256 while the key set says RS384.
    assert not accepted(await auth.authenticate(bearer(declared_rs384.sign(alg="RS256"))))
    assert accepted(await auth.authenticate(bearer(declared_rs384.sign())))
    # An RS256 token naming the EC key's id.
    token = jwt.encode(valid_claims(), RSA.private, algorithm="RS256", headers={"kid": "ec-1"})
    assert not accepted(await auth.authenticate(bearer(token)))


async def test_public_key_used_as_an_hmac_secret_verifies_nothing(tmp_path: Path) -> None:
    """The classic confusion: sign HS256 with the (public) RSA key and hope it is used as HMAC."""
    pem = RSA.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "kid": "rsa-1"}
    # PyJWT refuses to HMAC with a PEM key, so sign by hand.
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(valid_claims()).encode())}"
    signature = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64(signature)}"
    path = write(tmp_path / "jwks.json", jwks(RSA))
    for env in ({}, {"JWT_SECRET": HS_SECRET}):
        auth = JwtAuthenticator(AuthConfig(jwks_file=str(path)), env=env)
        assert not accepted(await auth.authenticate(bearer(token)))


async def test_symmetric_and_broken_keys_in_a_key_set_are_skipped(tmp_path: Path) -> None:
    hmac_secret = b"secret" * 6
    oct_key = {"kty": "oct", "kid": "hmac", "k": b64(hmac_secret)}
    broken = ({"kty": "RSA", "kid": "broken"}, "nope", {**EC.jwk(), "use": "enc"})
    document = jwks(RSA, extra=(oct_key, *broken))
    keys = parse_jwks(json.dumps(document).encode())
    assert [(k.kid, k.algorithm) for k in keys] == [("rsa-1", "RS256")]
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(write(tmp_path / "j.json", document))), env={})
    hmac_token = jwt.encode(valid_claims(), hmac_secret, algorithm="HS256", headers={"kid": "hmac"})
    assert not accepted(await auth.authenticate(bearer(hmac_token)))
    assert not accepted(await auth.authenticate(bearer(EC.sign())))


async def test_key_without_alg_verifies_its_key_type_s_default(tmp_path: Path) -> None:
    document = {"keys": [RSA.jwk(with_alg=False), EC.jwk(with_alg=False)]}
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(write(tmp_path / "j.json", document))), env={})
    assert accepted(await auth.authenticate(bearer(RSA.sign())))
    assert accepted(await auth.authenticate(bearer(EC.sign())))
    assert not accepted(await auth.authenticate(bearer(RSA.sign(alg="RS512"))))


@pytest.mark.parametrize("content", [None, "{", '{"keys": 3}', "[]"])
def test_unusable_key_file_is_refused_at_startup(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "jwks.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValueError, match="jwks_file"):
        JwtAuthenticator(AuthConfig(jwks_file=str(path)), env={})


async def test_rotated_key_file_is_read_again_for_an_unknown_kid(tmp_path: Path) -> None:
    clock = FakeClock()
    path = write(tmp_path / "jwks.json", jwks(RSA))
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(path)), env={}, clock=clock)
    write(path, jwks(RSA_NEXT))
    clock.now += REFETCH_INTERVAL - 1
    assert not accepted(await auth.authenticate(bearer(RSA_NEXT.sign())))  # too soon to reread
    clock.now += 2
    assert accepted(await auth.authenticate(bearer(RSA_NEXT.sign())))
    assert not accepted(await auth.authenticate(bearer(RSA.sign())))  # the old key is gone


async def test_expired_rs256_token_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "jwks.json", jwks(RSA))
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(path)), env={})
    token = RSA.sign(valid_claims(iat=1, exp=2))
    answer = await auth.authenticate(bearer(token))
    assert isinstance(answer, Refusal)
    assert "expired" in answer.body["errors"][0]["message"]


# --- a JWKS URL ------------------------------------------------------------------------------


@pytest.fixture
async def server() -> AsyncIterator[JwksServer]:
    async with serve_jwks(jwks(RSA, EC)) as running:
        yield running


def url_auth(server: JwksServer, clock: FakeClock, **config: Any) -> JwtAuthenticator:
    settings = AuthConfig(jwks_url=server.url, jwks_refresh_seconds=300, **config)
    return JwtAuthenticator(settings, env={}, clock=clock)


async def _until(predicate: Any) -> None:
    """Let background tasks run until `predicate()` holds (bounded; not a timing assertion)."""
    for _ in range(500):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")


async def test_keys_are_fetched_once_and_cached(server: JwksServer) -> None:
    auth = url_auth(server, FakeClock())
    try:
        for _ in range(3):
            assert accepted(await auth.authenticate(bearer(RSA.sign())))
            assert accepted(await auth.authenticate(bearer(EC.sign())))
        assert server.fetches == 1
        # HS256 tokens are still refused: no secret configured.
        assert not accepted(await auth.authenticate(bearer(hs256())))
    finally:
        await auth.close()


async def test_anonymous_requests_fetch_nothing(server: JwksServer) -> None:
    auth = url_auth(server, FakeClock())
    try:
        assert await auth.authenticate({}) == Identity()
        assert server.fetches == 0
    finally:
        await auth.close()


async def test_rotation_refetches_for_an_unknown_kid_at_most_every_30_seconds(
    server: JwksServer,
) -> None:
    clock = FakeClock()
    auth = url_auth(server, clock)
    try:
        assert accepted(await auth.authenticate(bearer(RSA.sign())))
        server.document = jwks(RSA_NEXT, EC)
        clock.now += REFETCH_INTERVAL - 1
        # Unknown kids within 30 s of the last fetch: refused, nothing fetched.
        for kid in ("rsa-2", "made-up-1", "made-up-2"):
            token = jwt.encode(valid_claims(), RSA_NEXT.private, "RS256", headers={"kid": kid})
            assert not accepted(await auth.authenticate(bearer(token)))
        assert server.fetches == 1
        clock.now += 2
        assert accepted(await auth.authenticate(bearer(RSA_NEXT.sign())))
        assert server.fetches == 2
        assert not accepted(await auth.authenticate(bearer(RSA.sign())))
        assert server.fetches == 2
    finally:
        await auth.close()


async def test_stale_keys_are_refreshed_in_the_background(server: JwksServer) -> None:
    clock = FakeClock()
    auth = url_auth(server, clock)
    try:
        assert accepted(await auth.authenticate(bearer(RSA.sign())))
        server.document = jwks(RSA_NEXT)
        clock.now += 301
        # This request still uses the cached keys; the refresh happens beside it.
        assert accepted(await auth.authenticate(bearer(RSA.sign())))
        await _until(lambda: server.fetches == 2)
        await _until(lambda: not accepted_sync(auth))
        assert accepted(await auth.authenticate(bearer(RSA_NEXT.sign())))
        assert server.fetches == 2
    finally:
        await auth.close()


def accepted_sync(auth: JwtAuthenticator) -> bool:
    """Whether the RSA key is still in the cached set (peeks at the sources)."""
    return any(k.kid == "rsa-1" for s in auth._sources for k in s._keys)


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, None), (200, b"not json"), (200, b'{"keys": "x"}'), (404, b"{}")],
)
async def test_failed_refresh_keeps_the_old_keys_and_logs(
    server: JwksServer, status: int, body: bytes | None, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    auth = url_auth(server, clock)
    try:
        assert accepted(await auth.authenticate(bearer(RSA.sign())))
        server.status, server.body = status, body
        clock.now += 301
        with caplog.at_level(logging.WARNING, logger="gateway.policy.auth.jwks"):
            assert accepted(await auth.authenticate(bearer(RSA.sign())))
            await _until(lambda: "could not load the JWKS" in caplog.text)
        assert accepted(await auth.authenticate(bearer(RSA.sign())))
        # Unknown kid after a failure: refused, and not fetched again before 30 s.
        fetches = server.fetches
        assert not accepted(await auth.authenticate(bearer(RSA_NEXT.sign())))
        assert server.fetches == fetches
    finally:
        await auth.close()


async def test_unreachable_key_server_refuses_tokens_and_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with serve_jwks(jwks(RSA)) as stopped:
        url = stopped.url
    auth = JwtAuthenticator(AuthConfig(jwks_url=url), env={}, clock=FakeClock())
    try:
        with caplog.at_level(logging.WARNING, logger="gateway.policy.auth.jwks"):
            assert not accepted(await auth.authenticate(bearer(RSA.sign())))
        assert "could not load the JWKS" in caplog.text
    finally:
        await auth.close()


async def test_first_load_failing_is_retried_after_30_seconds(server: JwksServer) -> None:
    clock = FakeClock()
    server.status = 503
    auth = url_auth(server, clock)
    try:
        for _ in range(3):
            assert not accepted(await auth.authenticate(bearer(RSA.sign())))
        assert server.fetches == 1
        server.status = 200
        clock.now += REFETCH_INTERVAL
        assert accepted(await auth.authenticate(bearer(RSA.sign())))
        assert server.fetches == 2
    finally:
        await auth.close()


async def test_file_and_url_keys_combine(server: JwksServer, tmp_path: Path) -> None:
    other = rsa_pair("file-key")
    path = write(tmp_path / "jwks.json", jwks(other))
    auth = JwtAuthenticator(AuthConfig(jwks_file=str(path), jwks_url=server.url), env={})
    try:
        assert accepted(await auth.authenticate(bearer(other.sign())))
        assert accepted(await auth.authenticate(bearer(RSA.sign())))
    finally:
        await auth.close()


async def test_a_zero_refresh_interval_does_not_refetch_on_every_request(
    server: JwksServer,
) -> None:
    clock = FakeClock()
    auth = JwtAuthenticator(
        AuthConfig(jwks_url=server.url, jwks_refresh_seconds=0), env={}, clock=clock
    )
    try:
        for _ in range(5):
            assert accepted(await auth.authenticate(bearer(RSA.sign())))
        # No refresh was even scheduled beside those requests (peeks at the cache).
        assert [source._background for source in auth._sources] == [None]
        assert server.fetches == 1
    finally:
        await auth.close()
