"""JwtAuthenticator with HS256: anonymous without a token, claims and scopes from a valid one,
401 UNAUTHENTICATED for every kind of bad token, and no algorithm confusion."""

from __future__ import annotations

import logging
import time
from typing import Any

import jwt
import pytest

from gateway.config import AuthConfig
from gateway.policy.auth import LEEWAY_SECONDS, JwtAuthenticator
from gateway.request import Identity, Refusal
from tests.support.answers import status_of

from .keys import HS_SECRET, bearer, hs256, rsa_pair, unsigned, valid_claims

ENV = {"JWT_SECRET": HS_SECRET}


def authenticator(env: dict[str, str] | None = None, **config: Any) -> JwtAuthenticator:
    return JwtAuthenticator(AuthConfig(**config), env=ENV if env is None else env)


def identity(answer: Identity | Refusal) -> Identity:
    assert isinstance(answer, Identity), answer
    return answer


def refusal(answer: Identity | Refusal, token: str | None = None) -> str:
    """The refusal's message, after checking its status and code and that it hides the token."""
    assert isinstance(answer, Refusal), answer
    assert status_of(answer) == 401
    [error] = answer.body["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    if token is not None:
        assert token not in str(answer.body)
        for part in token.split("."):
            if len(part) > 8:
                assert part not in str(answer.body)
    message: str = error["message"]
    return message


async def test_no_token_is_anonymous() -> None:
    for headers in ({}, {"authorization": ""}, {"authorization": "   "}, {"x-other": "Bearer x"}):
        assert identity(await authenticator().authenticate(headers)) == Identity()


async def test_valid_hs256_token_gives_its_claims_and_scopes() -> None:
    token = hs256(valid_claims(scope="read:tutors  write:reviews", role="STUDENT"))
    found = identity(await authenticator().authenticate(bearer(token)))
    assert found.claims is not None
    assert (found.claims["sub"], found.claims["role"]) == ("user-0001", "STUDENT")
    assert found.scopes == frozenset({"read:tutors", "write:reviews"})


async def test_scheme_is_case_insensitive() -> None:
    token = hs256()
    found = identity(await authenticator().authenticate({"authorization": f"bearer {token}"}))
    assert found.claims is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["a", "b", 3, ""], {"a", "b"}),
        ("a b", {"a", "b"}),
        (7, set()),
        (None, set()),
    ],
)
async def test_scopes_come_from_the_configured_claim(value: Any, expected: set[str]) -> None:
    token = hs256(valid_claims(perms=value, scope="ignored"))
    found = identity(await authenticator(scopes_claim="perms").authenticate(bearer(token)))
    assert found.scopes == expected


async def test_custom_header_and_prefix() -> None:
    auth = authenticator(header_name="X-Token", header_prefix="")
    token = hs256()
    assert identity(await auth.authenticate({"x-token": token})).claims is not None


def _expired() -> dict[str, Any]:
    now = int(time.time())
    return valid_claims(iat=now - 3600, exp=now - LEEWAY_SECONDS - 60)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: hs256(_expired()), "expired"),
        (lambda: hs256(valid_claims(nbf=int(time.time()) + 600)), "not valid yet"),
        (lambda: hs256(valid_claims(iat=int(time.time()) + 600)), "not valid yet"),
        (lambda: hs256(valid_claims(exp=None)), "'exp'"),
        (lambda: hs256(secret="w" * 40), "signature"),
        (lambda: hs256(valid_claims(), alg="HS256", typ="JWT") + "x", "signature"),
        (lambda: unsigned(), "algorithm"),
        (lambda: jwt.encode(valid_claims(), HS_SECRET * 2, algorithm="HS512"), "algorithm"),
        (lambda: "not-a-jwt", "malformed"),
        (lambda: "a.b.c", "malformed"),
        (lambda: hs256(valid_claims(exp="tomorrow")), "malformed"),
    ],
    ids=[
        "expired",
        "nbf-future",
        "iat-future",
        "no-exp",
        "wrong-secret",
        "tampered",
        "alg-none",
        "hs512",
        "not-jwt",
        "garbage-parts",
        "exp-not-number",
    ],
)
async def test_bad_tokens_are_refused_without_echoing_them(make: Any, expected: str) -> None:
    token = make()
    assert expected in refusal(await authenticator().authenticate(bearer(token)), token)


async def test_small_clock_skew_is_tolerated() -> None:
    now = int(time.time())
    token = hs256(valid_claims(nbf=now + LEEWAY_SECONDS // 2, iat=now + LEEWAY_SECONDS // 2))
    assert identity(await authenticator().authenticate(bearer(token))).claims is not None


async def test_wrong_scheme_is_refused() -> None:
    token = hs256()
    message = refusal(
        await authenticator().authenticate({"authorization": f"Basic {token}"}), token
    )
    assert "Bearer" in message


async def test_issuer_and_audience_are_checked_when_configured() -> None:
    auth = authenticator(issuer="https://idp.example", audience="tutorgraph")
    good = hs256(valid_claims(iss="https://idp.example", aud=["tutorgraph", "other"]))
    assert identity(await auth.authenticate(bearer(good))).claims is not None
    for claims, expected in (
        (valid_claims(iss="https://evil.example", aud="tutorgraph"), "issuer"),
        (valid_claims(iss="https://idp.example", aud="other"), "audience"),
        (valid_claims(aud="tutorgraph"), "'iss'"),
        (valid_claims(iss="https://idp.example"), "'aud'"),
    ):
        token = hs256(claims)
        assert expected in refusal(await auth.authenticate(bearer(token)), token)


async def test_audience_in_token_is_ignored_when_none_is_configured() -> None:
    token = hs256(valid_claims(aud="someone-else"))
    assert identity(await authenticator().authenticate(bearer(token))).claims is not None


async def test_short_or_missing_secret_turns_hs256_off(caplog: pytest.LogCaptureFixture) -> None:
    token = hs256()
    with caplog.at_level(logging.WARNING, logger="gateway.policy.auth.authenticator"):
        short = authenticator(env={"JWT_SECRET": "s" * 31})
    assert "JWT_SECRET" in caplog.text
    assert "s" * 31 not in caplog.text
    assert "algorithm" in refusal(await short.authenticate(bearer(token)), token)
    assert "algorithm" in refusal(await authenticator(env={}).authenticate(bearer(hs256())))


async def test_secret_is_read_from_the_configured_variable() -> None:
    auth = authenticator(env={"MY_KEY": "m" * 32}, hs256_secret_env="MY_KEY")
    assert identity(await auth.authenticate(bearer(hs256(secret="m" * 32)))).claims is not None


async def test_rs256_token_is_refused_when_only_hs256_is_configured() -> None:
    pair = rsa_pair("k1")
    token = pair.sign()
    assert "algorithm" in refusal(await authenticator().authenticate(bearer(token)), token)


async def test_disabled_jwt_treats_every_request_as_anonymous() -> None:
    auth = authenticator(jwt_enabled=False)
    assert identity(await auth.authenticate(bearer("garbage"))) == Identity()


async def test_close_without_any_key_source_is_harmless() -> None:
    auth = authenticator()
    await auth.close()
    await auth.close()


def test_no_key_at_all_is_logged_at_startup(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="gateway.policy.auth.authenticator"):
        authenticator(env={})
    assert "no key is configured" in caplog.text
