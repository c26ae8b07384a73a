"""Subscriptions on subgraphs over WebSocket (`graphql-transport-ws`), one socket per subscription.

`SubgraphSubscriptionClient` is a `SubgraphSubscriber`: it opens the subgraph's GraphQL URL
(`http` → `ws`) with the request's headers on the handshake (the gateway's secret and signed
claims, as on HTTP), sends `connection_init` and `subscribe`, answers pings, and yields each
`next` payload.  `complete` ends the stream; an `error` message raises `SubscriptionRefused`
with the subgraph's errors; a failed handshake or a socket closed before `complete` raises
`SubgraphFetchError` (messages name the subgraph, never headers or variables), and so does a
socket that fails mid-stream.  Closing the iterator sends `complete` and closes the socket.
The sockets share one aiohttp session while any is open (identical client subscriptions
already share one upstream subscription: `gateway.pipeline.subscriptions`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import orjson

from gateway.execution import (
    SUBREQUEST_HTTP_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    SubgraphFetchError,
    SubgraphRequest,
    SubscriptionRefused,
)

__all__ = ["SubgraphSubscriptionClient"]

PROTOCOL = "graphql-transport-ws"


class SubgraphSubscriptionClient:
    """Opens subscriptions on the subgraphs at `endpoints` (their HTTP GraphQL URLs)."""

    def __init__(self, endpoints: Mapping[str, str], *, ack_timeout: float = 10.0) -> None:
        self.endpoints = dict(endpoints)
        self.ack_timeout = ack_timeout
        # One session for the sockets open at once; closed when the last one closes, so a
        # client retired with its supergraph leaves nothing open.
        self._session: aiohttp.ClientSession | None = None
        self._users = 0

    @contextlib.asynccontextmanager
    async def _shared_session(self) -> AsyncIterator[aiohttp.ClientSession]:
        if self._session is None or self._session.closed:
            # No pool limit: each open subscription holds its socket for as long as it lasts.
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        session = self._session
        self._users += 1
        try:
            yield session
        finally:
            self._users -= 1
            if self._users == 0 and self._session is session:
                self._session = None
                await session.close()

    def __call__(self, request: SubgraphRequest) -> AsyncIterator[Any]:
        return self.subscribe(request)

    async def subscribe(self, request: SubgraphRequest) -> AsyncIterator[Any]:
        service = request.service_name
        url = self.endpoints.get(service)
        if url is None:
            raise SubgraphFetchError(
                f"Subgraph '{service}' has no URL in the supergraph.", code=SUBREQUEST_HTTP_ERROR
            )
        url = "ws" + url.removeprefix("http") if url.startswith("http") else url
        payload: dict[str, Any] = {"query": request.query, "variables": dict(request.variables)}
        if request.operation_name:
            payload["operationName"] = request.operation_name
        async with self._shared_session() as session:
            try:
                ws = await session.ws_connect(
                    url,
                    protocols=(PROTOCOL,),
                    headers=dict(request.headers),
                    heartbeat=None,
                    timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=2.0),
                )
            except (aiohttp.ClientError, OSError) as error:
                text = f"Subgraph '{service}' refused the subscription's WebSocket."
                raise SubgraphFetchError(text, code=SUBREQUEST_HTTP_ERROR) from error
            completed = False
            try:
                await _send(ws, '{"type":"connection_init","payload":{}}', service)
                await self._acknowledged(ws, service)
                subscribe = {"id": "1", "type": "subscribe", "payload": payload}
                await _send(ws, orjson.dumps(subscribe).decode(), service)
                while True:
                    message = await _message(ws, service)
                    kind = message.get("type")
                    if kind == "next":
                        yield message.get("payload")
                    elif kind == "ping":
                        await _send(ws, '{"type":"pong"}', service)
                    elif kind == "complete":
                        completed = True
                        return
                    elif kind == "error":
                        completed = True
                        errors = message.get("payload")
                        raise SubscriptionRefused(errors if isinstance(errors, list) else [])
            finally:
                if not completed and not ws.closed:
                    # The socket may be going away already: then there is nothing to complete.
                    with contextlib.suppress(aiohttp.ClientError, OSError, RuntimeError):
                        await ws.send_str('{"id":"1","type":"complete"}')
                await ws.close()

    async def _acknowledged(self, ws: aiohttp.ClientWebSocketResponse, service: str) -> None:
        try:
            async with asyncio.timeout(self.ack_timeout):
                message = await _message(ws, service)
        except TimeoutError as error:
            text = f"Subgraph '{service}' did not acknowledge the subscription's connection."
            raise SubgraphFetchError(text, code=SUBREQUEST_HTTP_ERROR) from error
        if message.get("type") != "connection_ack":
            text = f"Subgraph '{service}' did not acknowledge the subscription's connection."
            raise SubgraphFetchError(text, code=SUBREQUEST_MALFORMED_RESPONSE)


async def _send(ws: aiohttp.ClientWebSocketResponse, text: str, service: str) -> None:
    try:
        await ws.send_str(text)
    except (aiohttp.ClientError, OSError, RuntimeError) as error:
        message = f"The subscription's WebSocket to subgraph '{service}' failed."
        raise SubgraphFetchError(message, code=SUBREQUEST_HTTP_ERROR) from error


async def _message(ws: aiohttp.ClientWebSocketResponse, service: str) -> dict[str, Any]:
    """The next protocol message; `SubgraphFetchError` when the socket fails, closes or sends
    junk."""
    try:
        received = await ws.receive()
    except (aiohttp.ClientError, OSError) as error:
        text = f"The subscription's WebSocket to subgraph '{service}' failed."
        raise SubgraphFetchError(text, code=SUBREQUEST_HTTP_ERROR) from error
    if received.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
        try:
            message = orjson.loads(received.data)
        except orjson.JSONDecodeError:
            message = None
        if isinstance(message, dict):
            return message
        text = f"Subgraph '{service}' sent a malformed subscription message."
        raise SubgraphFetchError(text, code=SUBREQUEST_MALFORMED_RESPONSE)
    code = ws.close_code
    text = f"Subgraph '{service}' closed the subscription's WebSocket (code {code})."
    raise SubgraphFetchError(text, code=SUBREQUEST_HTTP_ERROR)
