"""graphql-transport-ws as the gateway speaks it, on a real socket: heartbeats both ways, and the
close code of each protocol violation."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import orjson
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from gateway.config import SubscriptionsConfig
from tests.server.subscription_stack import (
    WAIT,
    Served,
    graphql_socket,
    reviews,
    serve_gateway,
    serve_subgraphs,
)

PING_SECONDS = 0.1
INIT_SECONDS = 0.5


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    config = SubscriptionsConfig(
        ping_interval_seconds=PING_SECONDS, init_timeout_seconds=INIT_SECONDS
    )
    with serve_subgraphs() as supergraph:
        directory = tmp_path_factory.mktemp("protocol")
        with serve_gateway(supergraph, directory, config) as served:
            yield served


async def test_the_server_pings_every_interval(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.init()
        started = asyncio.get_running_loop().time()
        pings = 0
        while pings < 3:
            message = orjson.loads(await socket.ws.recv())
            assert message == {"type": "ping"}
            pings += 1
        # Three pings take at least two intervals: they are paced, not sent in a burst.
        assert asyncio.get_running_loop().time() - started >= 2 * PING_SECONDS * 0.9


async def test_the_server_answers_a_ping_with_a_pong(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.init()
        await socket.send({"type": "ping", "payload": {"sent": 1}})
        assert await socket.receive() == {"type": "pong"}


async def test_no_connection_init_in_time_closes_4408(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        started = asyncio.get_running_loop().time()
        assert await socket.close_code() == 4408
        assert asyncio.get_running_loop().time() - started >= INIT_SECONDS * 0.9


async def test_a_second_connection_init_closes_4429(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.init()
        await socket.send({"type": "connection_init", "payload": {}})
        assert await socket.close_code() == 4429


async def test_subscribe_before_init_closes_4401(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.subscribe("1", reviews("before-init"))
        assert await socket.close_code() == 4401


async def test_an_id_already_subscribed_closes_4409(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.init()
        await socket.subscribe("1", reviews("duplicate", forever=True))
        assert (await socket.receive())["type"] == "next"
        await socket.subscribe("1", reviews("duplicate", forever=True))
        assert await socket.close_code() == 4409


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"type": 1}',
        '{"type": "subscribe", "id": "1"}',
        '{"type": "subscribe", "id": "", "payload": {"query": "{ ok }"}}',
        '{"type": "subscribe", "id": "1", "payload": {"query": 1}}',
        '{"type": "whatever"}',
    ],
)
async def test_a_malformed_message_closes_4400(served: Served, text: str) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.init()
        await socket.ws.send(text)
        assert await socket.close_code() == 4400


async def test_an_invalid_token_in_the_init_payload_closes_4403(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.send({"type": "connection_init", "payload": {"Authorization": "Bearer x.y.z"}})
        assert await socket.close_code() == 4403


async def test_a_handshake_without_the_subprotocol_is_refused(served: Served) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with asyncio.timeout(WAIT), connect(served.ws):
            pass
    assert refused.value.response.status_code == 403
