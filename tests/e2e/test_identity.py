"""Identity end to end: a client signs in through our gateway, the gateway verifies the token,
forwards its claims to the subgraphs with the shared secret, and enforces `@authenticated`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from shared.seed import SEED_PASSWORD, users
from tests.support.platform import Platform

SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"


def post(url: str, query: str, variables: Any = None, token: str | None = None) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.post(
        url, json={"query": query, "variables": variables or {}}, headers=headers, timeout=30
    )


def test_signed_in_viewer_reaches_the_subgraph_through_the_gateway(gateway_url: str) -> None:
    student = users()[600]
    signed = post(gateway_url, SIGN_IN, {"e": student.email, "p": SEED_PASSWORD})
    assert signed.status_code == 200, signed.text
    token = signed.json()["data"]["signIn"]["token"]
    me = post(gateway_url, "{ me { id email bookings { totalCount } } }", token=token)
    assert me.status_code == 200
    body = me.json()
    assert "errors" not in body, body
    assert body["data"]["me"]["id"] == student.id
    assert body["data"]["me"]["email"] == student.email


def test_anonymous_me_is_null_without_an_error(gateway_url: str) -> None:
    """How a single-page app asks whether it is signed in: `me` is null, nothing is wrong."""
    answer = post(gateway_url, "{ me { id } }")
    assert answer.status_code == 200
    assert answer.json() == {"data": {"me": None}}
    both = post(gateway_url, '{ me { id displayName } user(id: "user-0007") { id } }').json()
    assert both == {"data": {"me": None, "user": {"id": "user-0007"}}}


@pytest.mark.parametrize(
    "token",
    ["not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTAwMDEifQ."],
    ids=["garbage", "alg-none"],
)
def test_bad_token_is_401_unauthenticated(gateway_url: str, token: str) -> None:
    answer = post(gateway_url, "{ me { id } }", token=token)
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert token not in answer.text


def test_a_subgraph_asked_directly_with_the_token_sees_no_viewer(
    gateway_url: str, platform: Platform
) -> None:
    student = users()[601]
    signed = post(gateway_url, SIGN_IN, {"e": student.email, "p": SEED_PASSWORD})
    token = signed.json()["data"]["signIn"]["token"]
    direct = post(platform.subgraph_urls["accounts"], "{ me { id } }", token=token)
    assert direct.json() == {"data": {"me": None}}
