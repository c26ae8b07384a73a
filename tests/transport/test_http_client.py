"""The pooled aiohttp subgraph client against a real loopback server."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from gateway.execution import (
    SUBREQUEST_HTTP_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    SubgraphFetchError,
    SubgraphRequest,
)
from gateway.transport import SubgraphHttpClient
from tests.support.servers import free_port, serve_in_thread


@dataclass
class Behaviour:
    mode: str = "ok"
    hold: threading.Event = field(default_factory=threading.Event)
    bodies: list[Any] = field(default_factory=list)


def _app(behaviour: Behaviour) -> Starlette:
    async def graphql(request: Request) -> Response:
        body = orjson.loads(await request.body())
        behaviour.bodies.append(body)
        # A threading.Event set by the test's loop: polled, not awaited.
        while behaviour.mode == "hold" and not behaviour.hold.is_set():  # noqa: ASYNC110 - a threading.Event
            await asyncio.sleep(0.01)
        # "hang-first": the first request hangs until released, later ones answer.
        arrival = len(behaviour.bodies)
        while behaviour.mode == "hang-first" and arrival == 1 and not behaviour.hold.is_set():  # noqa: ASYNC110 - a threading.Event
            await asyncio.sleep(0.01)
        if behaviour.mode == "500":
            return PlainTextResponse("boom", status_code=500)
        if behaviour.mode == "400-graphql":
            return Response(b'{"errors":[{"message":"bad field"}]}', status_code=400)
        if behaviour.mode == "garbage":
            return Response(b"nope{", media_type="application/json")
        return Response(orjson.dumps({"data": {"echo": body["variables"]}}))

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route("/health", health), Route("/graphql", graphql, methods=["POST"])]
    )


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Behaviour]]:
    behaviour = Behaviour()
    with serve_in_thread(_app(behaviour)) as base:
        yield f"{base}/graphql", behaviour
        behaviour.hold.set()


@pytest.fixture
def behaviour(server: tuple[str, Behaviour]) -> Iterator[Behaviour]:
    _, current = server
    current.mode = "ok"
    current.hold.clear()
    current.bodies.clear()
    yield current
    current.hold.set()


def request(kind: str = "query", **variables: Any) -> SubgraphRequest:
    return SubgraphRequest(
        service_name="s",
        query="{ echo }",
        variables=variables,
        operation_kind=kind,  # type: ignore[arg-type]
    )


async def test_query_round_trip(server: tuple[str, Behaviour], behaviour: Behaviour) -> None:
    client = SubgraphHttpClient({"s": server[0]})
    try:
        assert await client(request(a=1)) == {"data": {"echo": {"a": 1}}}
        assert behaviour.bodies == [{"query": "{ echo }", "variables": {"a": 1}}]
    finally:
        await client.close()


async def test_identical_inflight_queries_share_one_request_but_not_their_json(
    server: tuple[str, Behaviour], behaviour: Behaviour
) -> None:
    behaviour.mode = "hold"
    client = SubgraphHttpClient({"s": server[0]})
    try:
        calls = [asyncio.ensure_future(client(request(a=1))) for _ in range(5)]
        while not behaviour.bodies:  # noqa: ASYNC110 - the server runs in another thread
            await asyncio.sleep(0.01)
        behaviour.hold.set()
        results = await asyncio.gather(*calls)
        assert len(behaviour.bodies) == 1
        assert all(r == {"data": {"echo": {"a": 1}}} for r in results)
        results[0]["data"]["echo"]["a"] = 2
        assert results[1]["data"]["echo"]["a"] == 1
    finally:
        await client.close()


async def test_request_ids_do_not_split_sharing_but_identities_do(
    server: tuple[str, Behaviour], behaviour: Behaviour
) -> None:
    behaviour.mode = "hold"
    client = SubgraphHttpClient({"s": server[0]})

    def call(request_id: str, claims: str) -> SubgraphRequest:
        headers = (("x-request-id", request_id), ("x-gateway-claims", claims))
        return SubgraphRequest(service_name="s", query="{ echo }", variables={}, headers=headers)

    try:
        calls = [
            asyncio.ensure_future(client(call(f"r{n}", "alice" if n < 3 else "bob")))
            for n in range(5)
        ]
        while len(behaviour.bodies) < 2:  # noqa: ASYNC110 - the server runs in another thread
            await asyncio.sleep(0.01)
        behaviour.hold.set()
        await asyncio.gather(*calls)
        # One fetch for alice's three requests, one for bob's two.
        assert len(behaviour.bodies) == 2
    finally:
        await client.close()


async def test_mutations_are_never_shared(
    server: tuple[str, Behaviour], behaviour: Behaviour
) -> None:
    client = SubgraphHttpClient({"s": server[0]})
    try:
        await asyncio.gather(*(client(request("mutation", a=1)) for _ in range(3)))
        assert len(behaviour.bodies) == 3
    finally:
        await client.close()


async def test_hung_shared_request_is_dropped_when_its_callers_give_up(
    server: tuple[str, Behaviour], behaviour: Behaviour
) -> None:
    behaviour.mode = "hold"
    client = SubgraphHttpClient({"s": server[0]})
    try:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):
                await client(request(a=1))
        behaviour.mode = "ok"
        # A later identical query does not join the abandoned one: it gets its own answer.
        assert await client(request(a=1)) == {"data": {"echo": {"a": 1}}}
        assert len(behaviour.bodies) == 2
    finally:
        await client.close()


async def test_a_hung_shared_request_is_not_joined_past_its_max_age(
    server: tuple[str, Behaviour], behaviour: Behaviour
) -> None:
    """Steady traffic would keep a hung shared request alive for ever; past its subgraph's
    timeout, an identical query starts afresh and gets the recovered subgraph's answer."""
    behaviour.mode = "hang-first"
    behaviour.bodies.clear()
    client = SubgraphHttpClient({"s": server[0]}, share_max_age=lambda _service: 0.3)
    first = asyncio.ensure_future(client(request(a=1)))
    try:
        await asyncio.sleep(0.1)
        joined = asyncio.ensure_future(client(request(a=1)))
        await asyncio.sleep(0.35)
        async with asyncio.timeout(5):
            assert await client(request(a=1)) == {"data": {"echo": {"a": 1}}}
        assert len(behaviour.bodies) == 2
        assert not first.done()
        assert not joined.done()
    finally:
        behaviour.hold.set()
        for task in (first, joined):
            task.cancel()
        await client.close()
        behaviour.hold.clear()


@pytest.mark.parametrize(
    ("mode", "code"), [("500", SUBREQUEST_HTTP_ERROR), ("garbage", SUBREQUEST_MALFORMED_RESPONSE)]
)
async def test_failures_raise_coded_errors(
    server: tuple[str, Behaviour], behaviour: Behaviour, mode: str, code: str
) -> None:
    behaviour.mode = mode
    client = SubgraphHttpClient({"s": server[0]})
    try:
        with pytest.raises(SubgraphFetchError) as caught:
            await client(request(secret="hunter2"))
        assert caught.value.code == code
        assert "hunter2" not in caught.value.message
    finally:
        await client.close()


async def test_error_status_with_graphql_body_returns_the_body(
    server: tuple[str, Behaviour], behaviour: Behaviour
) -> None:
    behaviour.mode = "400-graphql"
    client = SubgraphHttpClient({"s": server[0]})
    try:
        assert await client(request()) == {"errors": [{"message": "bad field"}]}
    finally:
        await client.close()


async def test_connection_refused_is_an_http_error() -> None:
    client = SubgraphHttpClient({"s": f"http://127.0.0.1:{free_port()}/graphql"})
    try:
        with pytest.raises(SubgraphFetchError) as caught:
            await client(request())
        assert caught.value.code == SUBREQUEST_HTTP_ERROR
    finally:
        await client.close()


async def test_unknown_subgraph_is_an_error() -> None:
    client = SubgraphHttpClient({})
    with pytest.raises(SubgraphFetchError):
        await client(request())
