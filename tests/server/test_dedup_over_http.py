"""Inbound deduplication over real sockets: N identical client queries, one subgraph call."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import orjson
import pytest

from gateway.pipeline import PipelineStages
from gateway.server import Gateway, create_app, gateway_from_sdl
from tests.support.servers import serve_in_thread
from tests.support.supergraphs import JOIN_V03_PREAMBLE

SUPERGRAPH = (
    JOIN_V03_PREAMBLE.replace("  query: Query\n", "  query: Query\n  mutation: Mutation\n")
    + """
enum join__Graph { SLOW @join__graph(name: "slow", url: "{url}") }
type Query @join__type(graph: SLOW) { value(n: Int!): Int }
type Mutation @join__type(graph: SLOW) { bump: Int }
"""
)


class HeldSubgraph:
    """A raw ASGI subgraph: counts calls and answers each once `release` is set."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        if scope["path"] == "/health":
            await self._send(send, b'{"ok":true}')
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.calls += 1
        query = orjson.loads(body)["query"]
        await asyncio.to_thread(self.release.wait)  # the event loop itself must not block
        data = {"bump": self.calls} if "bump" in query else {"value": 42}
        await self._send(send, orjson.dumps({"data": data}))

    @staticmethod
    async def _send(send: Any, body: bytes) -> None:
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture
def held() -> Iterator[tuple[HeldSubgraph, str]]:
    subgraph = HeldSubgraph()
    with serve_in_thread(subgraph) as base:
        yield subgraph, base
        subgraph.release.set()


def _serve(url: str, *, dedup: bool) -> tuple[Gateway, Any]:
    gateway = gateway_from_sdl(
        SUPERGRAPH.replace("{url}", url),
        stages=PipelineStages(deduplicate_requests=dedup),
        deduplicate=False,  # subgraph-fetch dedup off: only inbound dedup may share
    )
    assert isinstance(gateway, Gateway), gateway
    return gateway, serve_in_thread(create_app(gateway))


def _until(condition: Any, what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.01)


def _post_concurrently(
    base: str, body: dict[str, Any], count: int
) -> tuple[ThreadPoolExecutor, list[Any]]:
    pool = ThreadPoolExecutor(count)

    def post(i: int) -> httpx.Response:
        headers = {"x-request-id": f"client-{i}"}
        return httpx.post(f"{base}/graphql", json=body, headers=headers, timeout=60)

    return pool, [pool.submit(post, i) for i in range(count)]


def test_identical_queries_share_one_subgraph_call(held: tuple[HeldSubgraph, str]) -> None:
    subgraph, url = held
    gateway, serving = _serve(f"{url}/graphql", dedup=True)
    with serving as base:
        pool, futures = _post_concurrently(base, {"query": "{ value(n: 1) }"}, 4)
        _until(lambda: gateway.pipeline.inflight.waiting() == 4, "4 requests waiting")
        subgraph.release.set()
        responses = [future.result() for future in futures]
        pool.shutdown()
    assert subgraph.calls == 1
    assert [r.json() for r in responses] == [{"data": {"value": 42}}] * 4
    assert [r.headers["x-request-id"] for r in responses] == [f"client-{i}" for i in range(4)]
    assert len(gateway.pipeline.inflight) == 0


@pytest.mark.parametrize(
    ("dedup", "query"),
    [(False, "{ value(n: 1) }"), (True, "mutation { bump }")],
    ids=["switched-off", "mutation"],
)
def test_unshared_requests_each_reach_the_subgraph(
    held: tuple[HeldSubgraph, str], dedup: bool, query: str
) -> None:
    subgraph, url = held
    _, serving = _serve(f"{url}/graphql", dedup=dedup)
    with serving as base:
        pool, futures = _post_concurrently(base, {"query": query}, 3)
        _until(lambda: subgraph.calls == 3, "3 subgraph calls")
        subgraph.release.set()
        statuses = [future.result().status_code for future in futures]
        pool.shutdown()
    assert statuses == [200, 200, 200]


def test_the_first_client_hanging_up_does_not_fail_the_others(
    held: tuple[HeldSubgraph, str],
) -> None:
    subgraph, url = held
    gateway, serving = _serve(f"{url}/graphql", dedup=True)
    with serving as base:
        host, port = base.removeprefix("http://").split(":")
        payload = orjson.dumps({"query": "{ value(n: 1) }"})
        head = (
            f"POST /graphql HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(payload)}\r\n\r\n"
        ).encode()
        with socket.create_connection((host, int(port))) as leader:
            leader.sendall(head + payload)
            _until(lambda: subgraph.calls == 1, "the leader's subgraph call")
            pool, futures = _post_concurrently(base, {"query": "{ value(n: 1) }"}, 2)
            _until(lambda: gateway.pipeline.inflight.waiting() == 3, "2 followers waiting")
        subgraph.release.set()  # the leader's connection is closed by now
        responses = [future.result() for future in futures]
        pool.shutdown()
        _until(lambda: len(gateway.pipeline.inflight) == 0, "the table emptied")
    assert subgraph.calls == 1
    assert [r.status_code for r in responses] == [200, 200]
    assert [r.json() for r in responses] == [{"data": {"value": 42}}] * 2
