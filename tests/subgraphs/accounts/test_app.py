"""The app on a real socket: identity from the gateway, health, coded errors without traces."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest

from shared.auth import TOKEN_ISSUER as ISSUER
from shared.auth import Viewer, issue_token
from shared.seed import SEED_PASSWORD, users
from subgraphs.accounts.app import build_app
from subgraphs.accounts.settings import Settings
from subgraphs.accounts.store import AccountsStore
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.usefixtures("store")


@pytest.fixture(scope="module")
def base_url(settings: Settings, gateway_secret: str) -> Iterator[str]:
    with serve_in_thread(build_app(settings, secret=gateway_secret)) as url:
        yield url


def _post(base_url: str, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(f"{base_url}/graphql", json=body, headers=headers or {}, timeout=30)


def _assert_no_trace(response: httpx.Response) -> None:
    text = response.text
    for marker in ("Traceback", 'File "', "stacktrace", "exception"):
        assert marker not in text


def test_health_answers_ok(base_url: str) -> None:
    response = httpx.get(f"{base_url}/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_sign_in_token_claims_forwarded_by_the_gateway_make_me_resolve(
    base_url: str, settings: Settings, gateway_secret: str
) -> None:
    seeded = users()[600]
    mutation = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"
    signed = _post(
        base_url, {"query": mutation, "variables": {"e": seeded.email, "p": SEED_PASSWORD}}
    )
    assert signed.status_code == 200
    token = signed.json()["data"]["signIn"]["token"]
    # What the gateway does: verify the token, forward its claims next to the shared secret.
    claims = jwt.decode(token, settings.jwt_secret, algorithms=["HS256"], issuer=ISSUER)
    assert claims["scope"] == "student"
    headers = gateway_identity_headers(claims, gateway_secret)
    me = _post(base_url, {"query": "{ me { id email } }"}, headers).json()
    assert me == {"data": {"me": {"id": seeded.id, "email": seeded.email}}}


def test_only_claims_next_to_the_gateway_secret_name_a_viewer(
    base_url: str, settings: Settings, gateway_secret: str
) -> None:
    admin = Viewer(user_id="user-0001", role="ADMIN")
    real_token = issue_token(admin, settings.jwt_secret)
    for headers in (
        {"authorization": f"Bearer {issue_token(admin, 'x' * 48)}"},
        {"authorization": "Bearer not-a-jwt"},
        # Even a valid token is not trusted when sent straight to the subgraph.
        {"authorization": f"Bearer {real_token}"},
        gateway_identity_headers(admin, "x" * 48),
        None,
    ):
        response = _post(base_url, {"query": "{ me { id } }"}, headers)
        assert response.json() == {"data": {"me": None}}
    forwarded = gateway_identity_headers(Viewer(user_id="user-0001", role="TUTOR"), gateway_secret)
    assert _post(base_url, {"query": "{ me { id } }"}, forwarded).json()["data"]["me"] == {
        "id": "user-0001"
    }


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ users(first: 1000) { totalCount } }"}, "UNAUTHENTICATED"),
        ({"query": '{ users(after: "garbage") { totalCount } }'}, "UNAUTHENTICATED"),
        ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": 'mutation { signIn(email: "a@b.c", password: "wrong password") { token } }'},
            "UNAUTHENTICATED",
        ),
        (
            {
                "query": "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
                "variables": {"r": [{"__typename": "User", "id": ["list"]}]},
            },
            "BAD_USER_INPUT",
        ),
    ],
)
def test_bad_requests_get_coded_errors_without_traces(
    base_url: str, body: dict[str, Any], code: str
) -> None:
    response = _post(base_url, body)
    assert response.status_code < 500
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == [code]
    _assert_no_trace(response)


def test_unparsable_query_is_a_client_error_without_trace(base_url: str) -> None:
    # shared.subgraph's ErrorCodes does not see parse errors yet, so no code is asserted here.
    response = _post(base_url, {"query": "{ users { "})
    assert response.status_code < 500
    assert response.json()["errors"][0]["message"].startswith("Syntax Error")
    _assert_no_trace(response)


def test_malformed_json_is_a_client_error(base_url: str) -> None:
    response = httpx.post(
        f"{base_url}/graphql",
        content=b"{not json",
        headers={"content-type": "application/json"},
        timeout=10,
    )
    assert 400 <= response.status_code < 500
    _assert_no_trace(response)


def test_failed_sign_up_over_http_writes_nothing(base_url: str, store: AccountsStore) -> None:
    mutation = """mutation($i: SignUpInput!) { signUp(input: $i) { email } }"""
    variables = {
        "i": {
            "email": "x@example.org",
            "password": "long enough password",
            "displayName": "X",
            "timezone": "Nowhere/Land",
        }
    }
    response = _post(base_url, {"query": mutation, "variables": variables})
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "input.timezone",
    }
    assert json.dumps(body).count("Nowhere") == 0
