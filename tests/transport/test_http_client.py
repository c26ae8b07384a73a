"""The pooled subgraph client against real loopback servers: a Starlette app under uvicorn, and
a scripted raw server (`scripted`) that misbehaves on purpose."""

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
from gateway.traffic.errors import ConnectionFailed
from gateway.transport import SubgraphHttpClient
from tests.runtime.waiting import until
from tests.support.servers import free_port, serve_in_thread
from tests.transport.scripted import (
    Exchange,
    answer,
    ok,
    port,
    response,
    scripted,
)


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


async def test_callers_of_a_shared_request_get_no_object_or_list_in_common(
    server: tuple[str, Behaviour], behaviour: Behaviour
) -> None:
    """Each caller decodes the shared bytes itself: none of them can change what another one
    reads, at any depth."""
    behaviour.mode = "hold"
    nested = {"a": {"b": [{"c": 1}, [1, {"d": [2, {"e": None}]}]]}, "f": []}
    client = SubgraphHttpClient({"s": server[0]})

    def containers(value: Any) -> list[int]:
        if isinstance(value, dict):
            return [id(value), *(i for item in value.values() for i in containers(item))]
        if isinstance(value, list):
            return [id(value), *(i for item in value for i in containers(item))]
        return []

    try:
        calls = [asyncio.ensure_future(client(request(**nested))) for _ in range(6)]
        while not behaviour.bodies:  # noqa: ASYNC110 - the server runs in another thread
            await asyncio.sleep(0.01)
        behaviour.hold.set()
        results = await asyncio.gather(*calls)
        assert len(behaviour.bodies) == 1
        assert all(result == {"data": {"echo": nested}} for result in results)
        seen: set[int] = set()
        for result in results:
            ids = containers(result)
            assert not seen & set(ids)
            seen.update(ids)
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


async def test_connection_refused_is_a_connection_failure() -> None:
    client = SubgraphHttpClient({"s": f"http://127.0.0.1:{free_port()}/graphql"})
    try:
        with pytest.raises(ConnectionFailed) as caught:
            await client(request())
        assert caught.value.code == SUBREQUEST_HTTP_ERROR
        assert caught.value.message == "HTTP fetch failed from 's': ClientConnectorError."
        assert client.open_connections() == 0
    finally:
        await client.close()


async def test_unknown_subgraph_is_an_error() -> None:
    client = SubgraphHttpClient({})
    with pytest.raises(SubgraphFetchError):
        await client(request())


# -- requests, the pool, stale connections, cancellation: against a scripted raw server


async def test_the_request_is_a_json_post_with_the_callers_headers_last() -> None:
    async with scripted(answer()) as server:
        client = SubgraphHttpClient({"s": server.url.replace("/graphql", "/graphql?v=1")})
        headers = (("x-request-id", "r1"), ("x-gateway-claims", "é"))
        try:
            sent = SubgraphRequest(service_name="s", query="{ ok }", variables={}, headers=headers)
            assert await client(sent) == ok()
        finally:
            await client.close()
    [exchange] = server.exchanges
    assert exchange.lines == [
        b"POST /graphql?v=1 HTTP/1.1",
        f"host: 127.0.0.1:{port(server)}".encode(),
        b"content-type: application/json",
        b"accept: application/graphql-response+json, application/json",
        b"content-length: %d" % len(exchange.body),
        b"x-request-id: r1",
        "x-gateway-claims: é".encode(),
    ]
    assert orjson.loads(exchange.body) == {"query": "{ ok }", "variables": {}}


async def test_a_header_with_a_line_break_is_refused_before_sending() -> None:
    async with scripted(answer()) as server:
        client = SubgraphHttpClient({"s": server.url})
        headers = (("x-a", "1\r\nx-b: 2"),)
        try:
            sent = SubgraphRequest(service_name="s", query="{ ok }", variables={}, headers=headers)
            with pytest.raises(SubgraphFetchError) as caught:
                await client(sent)
            assert not isinstance(caught.value, ConnectionFailed)
            assert caught.value.message == "HTTP fetch failed from 's': InvalidHeaderError."
        finally:
            await client.close()
    assert server.exchanges == []


async def test_sequential_calls_reuse_one_kept_alive_connection() -> None:
    async with scripted(answer()) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            for n in range(5):
                assert await client(request("mutation", n=n)) == ok()
            assert client.open_connections() == 1
        finally:
            await client.close()
    assert server.connections == 1
    assert [e.index for e in server.exchanges] == [0, 1, 2, 3, 4]


async def test_the_pool_opens_at_most_pool_size_connections_and_queues_the_rest() -> None:
    release = asyncio.Event()
    most = 0

    async def held(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        nonlocal most
        most = max(most, server.open)
        await release.wait()
        writer.write(response())
        return True

    async with scripted(held) as server:
        client = SubgraphHttpClient({"s": server.url}, pool_size=2)
        try:
            calls = [asyncio.ensure_future(client(request("mutation", n=n))) for n in range(6)]
            await until(lambda: len(server.exchanges) == 2, "two requests in flight")
            await asyncio.sleep(0.05)
            assert len(server.exchanges) == 2
            release.set()
            assert await asyncio.gather(*calls) == [ok()] * 6
        finally:
            await client.close()
    assert server.connections == 2
    assert most == 2


async def test_a_caller_giving_up_in_line_passes_its_turn_on() -> None:
    release = asyncio.Event()

    async def held(exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        if exchange.connection == 1 and exchange.index == 0:
            await release.wait()
        writer.write(response())
        return True

    async with scripted(held) as server:
        client = SubgraphHttpClient({"s": server.url}, pool_size=1)
        try:
            first = asyncio.ensure_future(client(request("mutation", n=1)))
            await until(lambda: len(server.exchanges) == 1, "the first request")
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.1):
                    await client(request("mutation", n=2))
            third = asyncio.ensure_future(client(request("mutation", n=3)))
            release.set()
            assert await first == ok()
            assert await third == ok()
        finally:
            await client.close()
    assert server.connections == 1


async def test_idle_connections_close_after_the_keepalive_timeout() -> None:
    async with scripted(answer()) as server:
        client = SubgraphHttpClient({"s": server.url}, keepalive_timeout=0.2)
        try:
            await asyncio.gather(*(client(request("mutation", n=n)) for n in range(3)))
            assert client.open_connections() == 3
            await until(lambda: server.closed_by_client == 3, "the idle ones to close")
            assert client.open_connections() == 0
            assert await client(request()) == ok()
        finally:
            await client.close()
    assert server.connections == 4


async def test_a_connection_the_server_closes_while_idle_leaves_the_pool() -> None:
    async def answer_then_close(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        writer.write(response())  # kept alive by its headers, yet closed by the server
        return False

    async with scripted(answer_then_close) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            assert await client(request("mutation")) == ok()
            await until(lambda: client.open_connections() == 0, "the loss to be seen")
            # A mutation is never sent twice: it gets a new connection, not the dead one.
            assert await client(request("mutation")) == ok()
        finally:
            await client.close()
    assert server.connections == 2
    assert len(server.exchanges) == 2


def _closes_reused_connections() -> Any:
    async def reply(exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        if exchange.index > 0:
            return False  # closed as if its keep-alive timeout had just run out
        writer.write(response())
        return True

    return reply


async def test_a_query_on_a_connection_the_server_closed_meanwhile_is_sent_again() -> None:
    async with scripted(_closes_reused_connections()) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            assert await client(request(n=1)) == ok()
            assert await client(request(n=2)) == ok()
        finally:
            await client.close()
    assert [(e.connection, e.index) for e in server.exchanges] == [(1, 0), (1, 1), (2, 0)]


async def test_a_mutation_on_a_connection_the_server_closed_is_not_sent_again() -> None:
    async with scripted(_closes_reused_connections()) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            assert await client(request("mutation", n=1)) == ok()
            with pytest.raises(ConnectionFailed) as caught:
                await client(request("mutation", n=2))
            assert caught.value.code == SUBREQUEST_HTTP_ERROR
            assert caught.value.message == "HTTP fetch failed from 's': ServerDisconnectedError."
        finally:
            await client.close()
    assert len(server.exchanges) == 2


async def test_a_fresh_connection_closed_before_any_answer_is_a_connection_failure() -> None:
    async def hang_up(_exchange: Exchange, _writer: asyncio.StreamWriter) -> bool:
        return False

    async with scripted(hang_up) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            with pytest.raises(ConnectionFailed) as caught:
                await client(request())
            assert caught.value.message == "HTTP fetch failed from 's': ServerDisconnectedError."
            assert caught.value.code == SUBREQUEST_HTTP_ERROR
        finally:
            await client.close()
    assert len(server.exchanges) == 1  # not sent again: the guard decides on retries


@pytest.mark.parametrize("stage", ["before-answer", "mid-body"])
async def test_a_cancelled_call_closes_its_connection(stage: str) -> None:
    stalled = response(b'{"data":{"ok":true}}')[:-6] if stage == "mid-body" else b""

    async def stall_first(exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        if exchange.connection == 1:
            writer.write(stalled)
            await asyncio.sleep(3600)
        writer.write(response())
        return True

    async with scripted(stall_first) as server:
        client = SubgraphHttpClient({"s": server.url}, pool_size=1)
        try:
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.2):
                    await client(request("mutation", n=1))
            assert client.open_connections() == 0
            assert await client(request("mutation", n=2)) == ok()
        finally:
            await client.close()
    assert server.connections == 2


async def test_close_closes_every_connection_idle_or_busy() -> None:
    release = asyncio.Event()
    holding = False

    async def hold_when_told(_exchange: Exchange, writer: asyncio.StreamWriter) -> bool:
        if holding:
            await release.wait()
        writer.write(response())
        return True

    async with scripted(hold_when_told) as server:
        client = SubgraphHttpClient({"s": server.url})
        try:
            async with asyncio.timeout(10):
                await asyncio.gather(*(client(request(n=n)) for n in range(3)))
                assert client.open_connections() == 3  # idle
                holding = True
                busy = [asyncio.ensure_future(client(request("mutation", n=n))) for n in (5, 6)]
                await until(lambda: len(server.exchanges) == 5, "two busy connections")
                await client.close()
                assert client.open_connections() == 0
                for call in busy:
                    with pytest.raises(SubgraphFetchError):
                        await call
                release.set()
                await until(lambda: server.open == 0, "the client's sockets to close")
        finally:
            release.set()
            await client.close()
    assert server.connections == 3
