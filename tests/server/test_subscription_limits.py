"""The subscription limits on a real socket: per connection, per process (across connections), a
slot freed by `complete`, and a client too slow to read its events (closed 1013, its subscription
closed upstream, the gateway's buffers bounded)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.config import SubscriptionsConfig
from tests.server.subscription_stack import (
    UPSTREAM,
    WAIT,
    GraphQLSocket,
    Served,
    graphql_socket,
    metric,
    reviews,
    serve_gateway,
    serve_subgraphs,
    until,
)

LIMITED = SubscriptionsConfig(max_per_connection=2, max_total=3)


@pytest.fixture(scope="module")
def supergraph() -> Iterator[str]:
    with serve_subgraphs() as supergraph:
        yield supergraph


@pytest.fixture(scope="module")
def served(supergraph: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve_gateway(supergraph, tmp_path_factory.mktemp("limits"), LIMITED) as served:
        yield served


async def _message(socket: GraphQLSocket, sid: str, kind: str) -> dict[str, Any]:
    """The next message of type `kind` for subscription `sid`, skipping the others' events."""
    while True:
        message = await socket.receive()
        if message.get("id") == sid and message["type"] == kind:
            return message
        assert message["type"] == "next", message


def _refused_for_the_limit(message: dict[str, Any]) -> bool:
    return message["payload"][0]["extensions"]["code"] == "SUBSCRIPTION_LIMIT_EXCEEDED"


async def test_one_subscription_over_the_connection_limit_is_refused(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.init()
        for sid in ("1", "2"):
            await socket.subscribe(sid, reviews("per-connection", forever=True))
            await _message(socket, sid, "next")
        await socket.subscribe("3", reviews("per-connection", forever=True))
        assert _refused_for_the_limit(await _message(socket, "3", "error"))
        # The refused one was never opened upstream; the two held ones still stream.
        assert UPSTREAM.opened("per-connection") == 2
        await _message(socket, "1", "next")
        await _message(socket, "2", "next")


async def test_the_process_limit_counts_every_connection(served: Served) -> None:
    async with (
        asyncio.timeout(WAIT),
        graphql_socket(served.ws) as first,
        graphql_socket(served.ws) as second,
    ):
        await first.init()
        await second.init()
        for sid in ("1", "2"):
            await first.subscribe(sid, reviews("process", forever=True))
            await _message(first, sid, "next")
        await second.subscribe("1", reviews("process", forever=True))
        await _message(second, "1", "next")
        assert served.app.hub.open == 3
        await second.subscribe("2", reviews("process", forever=True))
        assert _refused_for_the_limit(await _message(second, "2", "error"))
        # One ended on the other connection frees a place here.
        await first.send({"id": "1", "type": "complete"})
        await until(lambda: served.app.hub.open == 2, "the completed subscription to end")
        await second.subscribe("3", reviews("process", forever=True))
        await _message(second, "3", "next")


@pytest.mark.parametrize(
    "limit",
    [SubscriptionsConfig(max_per_connection=2), SubscriptionsConfig(max_total=2)],
    ids=["per-connection", "per-process"],
)
async def test_complete_frees_its_place_for_a_subscribe_sent_right_after(
    supergraph: str, tmp_path: Path, limit: SubscriptionsConfig
) -> None:
    with serve_gateway(supergraph, tmp_path, limit) as served:
        await _resubscribe_at_the_limit(served)
    await until(lambda: UPSTREAM.ended("resubscribe") == UPSTREAM.opened("resubscribe"), "all")


async def _resubscribe_at_the_limit(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as socket:
        await socket.init()
        for sid in ("1", "2"):
            await socket.subscribe(sid, reviews("resubscribe", forever=True))
            await _message(socket, sid, "next")
        # Both frames in one write: the gateway reads them in one go, before the first
        # subscription has finished closing upstream.
        protocol = socket.ws.protocol
        protocol.send_text(b'{"id":"1","type":"complete"}')
        subscribe = b'{"id":"3","type":"subscribe","payload":{"query":"subscription '
        subscribe += b'{ reviewAdded(forever: true, tag: \\"resubscribe\\") { body } }"}}'
        protocol.send_text(subscribe)
        socket.ws.transport.write(b"".join(protocol.data_to_send()))
        await _message(socket, "3", "next")
        await until(lambda: served.app.hub.open == 2, "the first to end")


async def test_a_burst_of_events_is_not_a_slow_client(supergraph: str, tmp_path: Path) -> None:
    # The subgraph sends 40 events at once, more than the queue holds: a client that reads
    # them gets them all.
    with serve_gateway(supergraph, tmp_path, SubscriptionsConfig(queue_size=1)) as served:
        async with asyncio.timeout(WAIT), graphql_socket(served.ws) as client:
            await client.init()
            await client.subscribe("1", reviews("burst", count=40))
            kinds = [(await client.receive())["type"] for _ in range(41)]
    assert kinds == ["next"] * 40 + ["complete"]


def _slow_reader_socket() -> socket.socket:
    """A client socket with a small fixed receive buffer, so a client that stops reading stops
    the flow quickly (autotuning would otherwise let the kernel take megabytes)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    return sock


async def test_a_client_that_stops_reading_is_closed_1013_and_its_upstream_ends(
    supergraph: str, tmp_path: Path
) -> None:
    with serve_gateway(supergraph, tmp_path, SubscriptionsConfig(queue_size=2)) as served:
        sock = _slow_reader_socket()
        sock.connect(("127.0.0.1", int(served.base.rsplit(":", 1)[1])))
        sock.setblocking(False)
        async with (
            asyncio.timeout(WAIT),
            graphql_socket(served.ws, sock=sock, max_queue=1, compression=None) as client,
        ):
            await client.init()
            # Large events as fast as the subgraph makes them, and a client that reads none.
            await client.subscribe("1", reviews("slow", forever=True, pause=0, size=64_000))
            await until(lambda: UPSTREAM.ended("slow") == 1, "the subscription to end upstream")
            # The subgraph may see the end before the gateway's close of it returns.
            await until(lambda: served.app.hub.open == 0, "the hub to let the subscription go")
            # Reading again: the events in flight, then the close.
            messages, code = await client.drain()
        text = served.metrics()
    assert code == 1013
    assert {message["type"] for message in messages} == {"next"}
    received = len(messages)
    # The gateway kept only what the socket buffers and the queue hold: a few events.
    assert 0 < received < 200
    labels = {"protocol": "graphql-transport-ws"}
    assert metric(text, "gateway_subscriptions_closed_total", **labels, reason="too_slow") == 1
    assert metric(text, "gateway_subscriptions_open", **labels) == 0
    # Counted as delivered: exactly the events that reached the client.
    assert metric(text, "gateway_subscription_events_total", **labels) == received
