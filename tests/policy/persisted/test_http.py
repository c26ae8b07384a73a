"""The APQ dance over HTTP, the way Apollo Client does it: hashed GET, then POST with the text."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.config.model import GatewayConfig, PersistedQueriesConfig
from gateway.policy.persisted import persisted_queries
from gateway.server import create_app
from gateway.server.runtime.gateway import Gateway
from gateway.transport import SubgraphHttpClient

from .helpers import QUERY, pipeline, sha

PREFLIGHT = {"apollo-require-preflight": "true"}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    run, _ = pipeline(persisted_queries(PersistedQueriesConfig()))
    gateway = Gateway(pipeline=run, client=SubgraphHttpClient({}))
    transport = httpx.ASGITransport(app=create_app(gateway, GatewayConfig()))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http


async def test_hashed_get_then_post_with_text_then_hashed_get(client: httpx.AsyncClient) -> None:
    extension = {"persistedQuery": {"version": 1, "sha256Hash": sha(QUERY)}}
    params = {"extensions": json.dumps(extension), "operationName": "Me"}

    miss = await client.get("/graphql", params=params, headers=PREFLIGHT)
    assert miss.status_code == 200
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    register = await client.post("/graphql", json={"query": QUERY, "extensions": extension})
    assert (register.status_code, register.json()) == (200, {"data": {"me": {"name": "Ada"}}})

    hit = await client.get("/graphql", params=params, headers=PREFLIGHT)
    assert (hit.status_code, hit.json()) == (200, {"data": {"me": {"name": "Ada"}}})


async def test_hash_mismatch_over_http_is_400(client: httpx.AsyncClient) -> None:
    extension = {"persistedQuery": {"version": 1, "sha256Hash": sha("{ other }")}}
    # With plain application/json the server may answer request errors with 200 (the spec's
    # legacy rule); the GraphQL response media type carries the status.
    accept = {"accept": "application/graphql-response+json"}
    answer = await client.post(
        "/graphql", json={"query": QUERY, "extensions": extension}, headers=accept
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
