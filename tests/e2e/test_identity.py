"""Identity end to end: a client signs in through our gateway, the gateway verifies the token,
forwards its claims to the subgraphs with the shared secret, and enforces `@authenticated`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.config import AuthConfig, GatewayConfig, SubgraphsConfig, SupergraphConfig
from gateway.server import Gateway, create_app
from gateway.server.assemble import gateway_from_config
from shared.auth import TOKEN_ISSUER
from shared.seed import SEED_PASSWORD, users
from tests.e2e.conftest import Platform
from tests.support.servers import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"


@pytest.fixture(scope="module")
def gateway_url(platform: Platform) -> Iterator[str]:
    config = GatewayConfig(
        supergraph=SupergraphConfig(
            file=str(ROOT / "schema" / "supergraph.graphql"), poll_interval_seconds=0
        ),
        subgraphs=SubgraphsConfig(urls=platform.subgraph_urls),
        auth=AuthConfig(issuer=TOKEN_ISSUER),
    )
    gateway = gateway_from_config(config, env=os.environ)
    assert isinstance(gateway, Gateway), gateway
    with serve_in_thread(create_app(gateway, config)) as base:
        yield f"{base}/graphql"


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
    me = post(gateway_url, "{ me { id email bookings { id } } }", token=token)
    assert me.status_code == 200
    body = me.json()
    assert "errors" not in body, body
    assert body["data"]["me"]["id"] == student.id
    assert body["data"]["me"]["email"] == student.email


def test_anonymous_me_is_null_with_an_unauthorized_error(gateway_url: str) -> None:
    answer = post(gateway_url, '{ me { id } user(id: "user-0007") { id } }')
    assert answer.status_code == 200
    body = answer.json()
    assert body["data"] == {"me": None, "user": {"id": "user-0007"}}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["me"], "UNAUTHORIZED_FIELD_OR_TYPE")
    ]


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
