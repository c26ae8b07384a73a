"""Operation rules over real sockets: operations selecting given root fields (sign-in, sign-up)
are limited per address, counted once per response key, through fragments and APQ hashes."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import httpx
import jwt
import pytest

from .stack import HS_SECRET, serve_gateway

SIGN_IN_RULE: dict[str, Any] = {
    "name": "sign-in",
    "fields": ["Mutation.signIn", "Mutation.signUp"],
    "limit": 3,
    "window_seconds": 60,
    "per": "ip",
}
LIMITS = {"rate_limits": {"operations": [SIGN_IN_RULE]}}


def _post(client: httpx.Client, query: str, **extra: Any) -> httpx.Response:
    return client.post("/graphql", json={"query": query, **extra})


def _sign_in(n: int) -> str:
    return f'mutation {{ signIn(email: "u{n}@example.com") }}'


@pytest.fixture
def client(sdl: str) -> Any:
    with serve_gateway(LIMITS, sdl) as (client, _):
        yield client


def test_sign_ins_over_the_rule_are_refused_and_other_operations_are_not(
    client: httpx.Client,
) -> None:
    for n in range(3):
        assert _post(client, _sign_in(n)).json() == {
            "data": {"signIn": f"token-for-u{n}@example.com"}
        }
    refused = _post(client, _sign_in(9))
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) in range(1, 21)
    assert refused.json()["errors"][0]["extensions"] == {"code": "RATE_LIMITED"}
    assert "'sign-in'" in refused.json()["errors"][0]["message"]
    # sign-up shares the rule; queries are not limited by it.
    assert _post(client, 'mutation { signUp(email: "x@example.com") }').status_code == 429
    assert _post(client, "{ hello me { name } }").json() == {
        "data": {"hello": "world", "me": {"name": "user-1"}}
    }


def test_aliases_count_each_call(client: httpx.Client) -> None:
    brute = (
        'mutation { a: signIn(email: "a@x") b: signIn(email: "b@x") '
        'c: signIn(email: "c@x") d: signIn(email: "d@x") }'
    )
    refused = _post(client, brute)
    assert refused.status_code == 429  # four calls over a limit of three


def test_one_field_selected_twice_under_one_key_runs_once(client: httpx.Client) -> None:
    twice = 'mutation { signIn(email: "a@x") signIn(email: "a@x") }'
    for _ in range(3):
        assert _post(client, twice).status_code == 200
    assert _post(client, twice).status_code == 429


def test_fragments_and_inline_fragments_count(client: httpx.Client) -> None:
    query = (
        'mutation M { ...F ... on Mutation { b: signUp(email: "b@x") } } '
        'fragment F on Mutation { a: signIn(email: "a@x") }'
    )
    assert _post(client, query, operationName="M").status_code == 200  # 2 of 3
    assert _post(client, query, operationName="M").status_code == 429


def test_persisted_hash_alone_is_counted(client: httpx.Client) -> None:
    query = _sign_in(1)
    sha = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    # The client learns the hash is unknown, registers it, then sends the hash alone.
    assert _post(client, "", extensions=extensions).json()["errors"][0]["extensions"]["code"] == (
        "PERSISTED_QUERY_NOT_FOUND"
    )
    assert _post(client, query, extensions=extensions).status_code == 200
    hash_only = [client.post("/graphql", json={"extensions": extensions}) for _ in range(3)]
    assert [r.status_code for r in hash_only] == [200, 200, 429]


def test_a_rule_per_ip_ignores_the_token(sdl: str) -> None:
    with serve_gateway(LIMITS, sdl) as (client, _):
        for n in range(3):
            token = jwt.encode(
                {"sub": f"user-{n}", "exp": int(time.time()) + 60}, HS_SECRET, algorithm="HS256"
            )
            response = client.post(
                "/graphql",
                json={"query": _sign_in(n)},
                headers={"authorization": f"Bearer {token}"},
            )
            assert response.status_code == 200
        assert _post(client, _sign_in(4)).status_code == 429


def test_a_document_that_does_not_parse_is_left_to_the_pipeline(client: httpx.Client) -> None:
    response = _post(client, "mutation { signIn(email: ")
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
