"""Header propagation end to end: the pipeline, the real aiohttp client, a real subgraph server."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.config.model import HeaderRule
from gateway.pipeline import PipelineStages, RequestPipeline
from gateway.policy.headers import HeaderPropagation
from gateway.request import GraphQLRequest
from gateway.transport import SubgraphHttpClient
from shared.identity import decode_claims
from tests.pipeline.standins import CountingPlanner, FakeSupergraph
from tests.support.answers import status_of
from tests.support.servers import serve_in_thread

from .helpers import SECRET, context, propagation


class RecordingSubgraph:
    """A subgraph that answers every query with the same data and keeps the headers it got."""

    def __init__(self) -> None:
        self.received: list[list[tuple[str, str]]] = []
        self._lock = threading.Lock()
        self.app = Starlette(
            routes=[
                Route("/health", self.health),
                Route("/graphql", self.graphql, methods=["POST"]),
            ]
        )

    async def health(self, request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def graphql(self, request: Request) -> JSONResponse:
        await request.body()
        with self._lock:
            self.received.append(
                [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
            )
        return JSONResponse({"data": {"me": {"name": "Ada"}}})


@pytest.fixture(scope="module")
def subgraph() -> Iterator[tuple[RecordingSubgraph, str]]:
    recording = RecordingSubgraph()
    with serve_in_thread(recording.app) as base:
        yield recording, base


@pytest.fixture
async def client(subgraph: tuple[RecordingSubgraph, str]) -> AsyncIterator[SubgraphHttpClient]:
    _, base = subgraph
    http = SubgraphHttpClient({"accounts": f"{base}/graphql"})
    try:
        yield http
    finally:
        await http.close()


def run(plan: HeaderPropagation, client: SubgraphHttpClient) -> RequestPipeline:
    stages = PipelineStages(headers=plan)
    return RequestPipeline(FakeSupergraph(), CountingPlanner(), client, stages=stages)


async def test_subgraph_receives_rules_request_id_and_identity_but_no_spoofs(
    subgraph: tuple[RecordingSubgraph, str], client: SubgraphHttpClient
) -> None:
    recording, base = subgraph
    plan = propagation(
        # Everything the client sent, as far as the gateway allows it...
        HeaderRule(action="propagate", matching=".*"),
        HeaderRule(action="rename", name="authorization", rename_to="x-client-auth"),
        HeaderRule(action="insert", name="x-gateway-name", value="tutorgraph"),
        HeaderRule(action="remove", named=("x-internal", "authorization")),
    )
    inbound = {
        "x-tenant": "acme",
        "x-internal": "drop me",
        "authorization": "Bearer t",
        "x-gateway-claims": "eyJzdWIiOiJyb290In0",
        "x-gateway-secret": "guess",
        "host": "evil.example",
        "content-type": "text/plain",
        "accept": "text/html",
        "content-length": "3",
        "connection": "close",
        "transfer-encoding": "chunked",
    }
    claims = {"sub": "u-7", "scope": "student"}
    ctx = context(inbound, claims=claims, request_id="req-42")
    before = len(recording.received)
    answer = await run(plan, client).execute(GraphQLRequest(query="{ me { name } }"), ctx)
    assert (status_of(answer), answer.body) == (200, {"data": {"me": {"name": "Ada"}}})

    [received] = recording.received[before:]
    names = [name for name, _ in received]
    assert len(names) == len(set(names)), f"a header was sent twice: {received}"
    headers = dict(received)
    assert headers["x-tenant"] == "acme"
    assert headers["x-client-auth"] == "Bearer t"
    assert headers["x-gateway-name"] == "tutorgraph"
    assert headers["x-request-id"] == "req-42"
    assert headers["x-gateway-secret"] == SECRET
    assert decode_claims(headers["x-gateway-claims"]) == claims
    assert "x-internal" not in headers
    assert "authorization" not in headers
    assert headers["host"] == base.removeprefix("http://")
    assert headers["content-type"] == "application/json"
    assert "application/json" in headers["accept"]
    assert headers.get("connection", "keep-alive") != "close"
    assert "transfer-encoding" not in headers


async def test_anonymous_request_without_rules_sends_only_request_id_and_secret(
    subgraph: tuple[RecordingSubgraph, str], client: SubgraphHttpClient
) -> None:
    recording, _ = subgraph
    ctx = context({"x-tenant": "acme", "x-gateway-claims": "spoof"}, request_id="req-43")
    before = len(recording.received)
    answer = await run(propagation(), client).execute(GraphQLRequest(query="{ me { name } }"), ctx)
    assert status_of(answer) == 200
    [received] = recording.received[before:]
    headers = dict(received)
    assert headers["x-request-id"] == "req-43"
    assert headers["x-gateway-secret"] == SECRET
    assert "x-gateway-claims" not in headers
    assert "x-tenant" not in headers


async def test_requests_with_different_identities_are_not_deduplicated(
    subgraph: tuple[RecordingSubgraph, str], client: SubgraphHttpClient
) -> None:
    recording, _ = subgraph
    pipeline = run(propagation(), client)
    query = GraphQLRequest(query="{ me { name } }")
    before = len(recording.received)
    await asyncio.gather(
        pipeline.execute(query, context(claims={"sub": "a"}, request_id="")),
        pipeline.execute(query, context(claims={"sub": "b"}, request_id="")),
    )
    forwarded = [
        decode_claims(dict(headers)["x-gateway-claims"]) for headers in recording.received[before:]
    ]
    assert sorted(str(claims and claims["sub"]) for claims in forwarded) == ["a", "b"]
