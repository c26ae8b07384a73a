"""The subgraph subscription client over real sockets (the `events` test subgraph): sockets
share one session while any is open and leave nothing open after; a socket that fails
mid-stream is a `SubgraphFetchError`, never an unexpected exception."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator

import aiohttp
import orjson
import pytest

from gateway.execution import SubgraphFetchError, SubgraphRequest
from gateway.transport.websocket import SubgraphSubscriptionClient, _message, _send
from tests.server.subscription_stack import events_app
from tests.support.servers import serve_in_thread

CLAIMS = base64.urlsafe_b64encode(orjson.dumps({"sub": "user-1"})).decode()


@pytest.fixture(scope="module")
def events_url() -> Iterator[str]:
    with serve_in_thread(events_app()) as base:
        yield f"{base}/graphql"


def _request(count: int) -> SubgraphRequest:
    return SubgraphRequest(
        service_name="events",
        query=f"subscription {{ reviewAdded(count: {count}) {{ body }} }}",
        operation_name=None,
        variables={},
        operation_kind="subscription",
        headers=(("x-gateway-claims", CLAIMS),),
    )


async def test_open_sockets_share_one_session_closed_after_the_last(events_url: str) -> None:
    client = SubgraphSubscriptionClient({"events": events_url})
    first, second = client(_request(3)), client(_request(3))
    async with asyncio.timeout(20):
        one = await anext(first)
        two = await anext(second)
        assert one == two == {"data": {"reviewAdded": {"body": "review 0"}}}
        session = client._session
        assert session is not None
        assert client._users == 2
        assert [body async for body in first] == [
            {"data": {"reviewAdded": {"body": f"review {n}"}}} for n in (1, 2)
        ]
        assert client._session is session  # the other socket still uses it
        await second.aclose()  # type: ignore[attr-defined]
    assert client._session is None
    assert session.closed


async def test_more_sockets_than_an_http_pool_holds_open_at_once(events_url: str) -> None:
    client = SubgraphSubscriptionClient({"events": events_url})
    streams = [client(_request(2)) for _ in range(120)]
    async with asyncio.timeout(30):
        firsts = await asyncio.gather(*(anext(stream) for stream in streams))
        assert client._users == 120
        for stream in streams:
            await stream.aclose()  # type: ignore[attr-defined]
    assert firsts == [{"data": {"reviewAdded": {"body": "review 0"}}}] * 120
    assert client._session is None


class _Failing:
    """A socket whose connection is gone: what aiohttp raises when a peer resets it."""

    closed = False
    close_code = None

    async def receive(self) -> aiohttp.WSMessage:
        raise aiohttp.ClientConnectionResetError("Cannot write to closing transport")

    async def send_str(self, _text: str) -> None:
        raise aiohttp.ClientConnectionResetError("Cannot write to closing transport")


async def test_a_socket_failing_mid_stream_is_a_fetch_error() -> None:
    socket: aiohttp.ClientWebSocketResponse = _Failing()  # type: ignore[assignment]
    with pytest.raises(SubgraphFetchError, match="subgraph 'events' failed") as received:
        await _message(socket, "events")
    assert received.value.code == "SUBREQUEST_HTTP_ERROR"
    with pytest.raises(SubgraphFetchError, match="subgraph 'events' failed"):
        await _send(socket, '{"type":"pong"}', "events")
