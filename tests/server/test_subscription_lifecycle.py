"""How subscriptions end on a real socket, and what /metrics says about it: a new supergraph file
(1012 for the connections holding one), a client that leaves mid-stream, a client whose sends
are stuck when the gateway closes it, and the counts by reason."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.config import SubscriptionsConfig
from gateway.server.http import websocket
from tests.server.subscription_stack import (
    UPSTREAM,
    WAIT,
    Served,
    graphql_socket,
    metric,
    reviews,
    serve_gateway,
    serve_subgraphs,
    until,
)

LABELS = {"protocol": "graphql-transport-ws"}


@pytest.fixture(scope="module")
def supergraph() -> Iterator[str]:
    with serve_subgraphs() as supergraph:
        yield supergraph


@pytest.fixture
def served(supergraph: str, tmp_path: Path) -> Iterator[Served]:
    """A gateway of its own per test: its counts start at zero."""
    with serve_gateway(supergraph, tmp_path) as served:
        yield served


def _no_task_failures_left(caplog: pytest.LogCaptureFixture) -> None:
    """No task of the gateway ended with an exception nobody looked at."""
    gc.collect()  # a failed task's traceback holds a cycle: its report comes at collection
    lost = [r for r in caplog.records if "exception was never retrieved" in r.getMessage()]
    assert not lost, lost[0].getMessage()


async def test_a_new_supergraph_closes_the_connections_holding_subscriptions_with_1012(
    served: Served, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async with (
        asyncio.timeout(WAIT),
        graphql_socket(served.ws) as holding,
        graphql_socket(served.ws) as idle,
    ):
        await holding.init()
        await idle.init()
        await holding.subscribe("1", reviews("reload", forever=True))
        assert (await holding.receive())["type"] == "next"
        path = tmp_path / "supergraph.graphql"
        path.write_text(path.read_text() + "\n# the next version\n")
        assert await holding.close_code() == 1012
        await until(lambda: UPSTREAM.ended("reload") == 1, "the subscription to end upstream")
        # A connection without subscriptions stays, and subscribes on the new supergraph.
        await idle.send({"type": "ping"})
        assert await idle.receive() == {"type": "pong"}
        await idle.subscribe("1", reviews("after-reload", count=1))
        assert [(await idle.receive())["type"] for _ in range(2)] == ["next", "complete"]
    await until(lambda: served.app.hub.open == 0, "the hub to count nothing open")
    _no_task_failures_left(caplog)


async def test_a_client_leaving_mid_stream_ends_its_subscriptions_upstream(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async with asyncio.timeout(WAIT):
        async with graphql_socket(served.ws) as client:
            await client.init()
            for sid in ("1", "2"):
                await client.subscribe(sid, reviews("leaving", forever=True, pause=0.01))
            for _ in range(4):
                assert (await client.receive())["type"] == "next"
            client.ws.transport.abort()  # no close frame: the socket just goes
        await until(lambda: UPSTREAM.ended("leaving") == 2, "both to end upstream")
        await until(lambda: not served.app.hub.holders, "the connection to leave the hub")
    assert served.app.hub.open == 0
    _no_task_failures_left(caplog)


async def test_no_event_follows_the_complete_of_the_client(served: Served) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as client:
        await client.init()
        await client.subscribe("1", reviews("racing", forever=True, pause=0))
        for _ in range(20):
            assert (await client.receive())["type"] == "next"
        # One write: the gateway reads `complete` then `ping`, and answers the ping in order.
        protocol = client.ws.protocol
        protocol.send_text(b'{"id":"1","type":"complete"}')
        protocol.send_text(b'{"type":"ping"}')
        client.ws.transport.write(b"".join(protocol.data_to_send()))
        while (message := await client.receive())["type"] != "pong":
            assert message["id"] == "1"
        # Anything for "1" now was sent after the gateway had read its `complete`.
        await client.send({"type": "ping"})
        assert await client.receive() == {"type": "pong"}
    await until(lambda: UPSTREAM.ended("racing") == 1, "the subscription to end upstream")


async def test_a_server_close_while_events_stream_leaves_no_failed_task(
    served: Served, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as client:
        await client.init()
        for sid in ("1", "2", "3"):
            # Busy senders, but not faster than this client reads: no backlog before the close.
            await client.subscribe(sid, reviews("server-close", forever=True, pause=0.002))
        for _ in range(30):
            assert (await client.receive())["type"] == "next"
        # Closed by the gateway (here for a new supergraph) while every sender is busy.
        path = tmp_path / "supergraph.graphql"
        path.write_text(path.read_text() + "\n# the next version\n")
        assert await client.close_code() == 1012
    await until(lambda: UPSTREAM.ended("server-close") == 3, "all three to end upstream")
    await until(lambda: not served.app.hub.holders, "the connection to leave the hub")
    _no_task_failures_left(caplog)


def _not_reading(port: int) -> socket.socket:
    """A connected socket with a small fixed receive buffer, for a client that stops reading
    (autotuning would otherwise let the kernel take megabytes first)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    return sock


async def test_a_close_while_a_send_is_stuck_still_ends_the_connection(
    supergraph: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(websocket, "_CLOSE_WAIT_SECONDS", 0.3)
    # A queue large enough that the events wait in it rather than overflow: the sender is
    # stuck on the client's full socket when the new supergraph closes the connection.
    config = SubscriptionsConfig(queue_size=500)
    with serve_gateway(supergraph, tmp_path, config) as served:
        port = int(served.base.rsplit(":", 1)[1])
        async with (
            asyncio.timeout(WAIT),
            graphql_socket(
                served.ws, sock=_not_reading(port), max_queue=1, compression=None
            ) as client,
        ):
            await client.init()
            await client.subscribe("1", reviews("stuck", count=300, size=64_000))
            await until(lambda: UPSTREAM.ended("stuck") == 1, "the subgraph to send them all")
            path = tmp_path / "supergraph.graphql"
            path.write_text(path.read_text() + "\n# the next version\n")
            # The client reads nothing: the gateway gives up on the close frame and ends the
            # connection anyway, releasing what it held.
            await until(lambda: not served.app.hub.holders, "the connection to leave the hub")
            assert served.app.hub.open == 0
            client.ws.transport.abort()  # no closing handshake the gateway would not answer


async def test_metrics_count_open_subscriptions_events_and_endings_by_reason(
    served: Served,
) -> None:
    async with asyncio.timeout(WAIT), graphql_socket(served.ws) as client:
        await client.init()
        await client.subscribe("1", reviews("metrics", count=3))
        assert [(await client.receive())["type"] for _ in range(4)] == ["next"] * 3 + ["complete"]
        await until(lambda: served.app.hub.open == 0, "the completed one to be counted")
        text = served.metrics()
        assert metric(text, "gateway_subscription_events_total", **LABELS) == 3
        assert metric(text, "gateway_subscriptions_closed_total", **LABELS, reason="complete") == 1

        await client.subscribe("2", reviews("metrics", forever=True))
        assert (await client.receive())["type"] == "next"
        assert metric(served.metrics(), "gateway_subscriptions_open", **LABELS) == 1
        await client.send({"id": "2", "type": "complete"})
        await until(lambda: served.app.hub.open == 0, "the unsubscribed one to be counted")
        text = served.metrics()
        assert metric(text, "gateway_subscriptions_open", **LABELS) == 0
        assert metric(text, "gateway_subscriptions_closed_total", **LABELS, reason="client") == 1
        assert metric(text, "gateway_subscription_events_total", **LABELS) >= 4
