"""Subscriptions on subgraphs over WebSocket (`graphql-transport-ws`), one socket per subscription.

`SubgraphSubscriptionClient` is a `SubgraphSubscriber`: it opens the subgraph's GraphQL URL
(`http` → `ws`) with the request's headers on the handshake (the gateway's secret and signed
claims, as on HTTP), sends `connection_init` and `subscribe`, answers pings, and yields each
`next` payload.  `complete` ends the stream; an `error` message raises `SubscriptionRefused`
with the subgraph's errors; a failed handshake or a socket closed before `complete` raises
`SubgraphFetchError` (messages name the subgraph, never headers or variables).  Closing the
iterator sends `complete` and closes the socket.  Sharing one socket between subscriptions is
a later optimisation.
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
        async with aiohttp.ClientSession() as session:
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
                await ws.send_str('{"type":"connection_init","payload":{}}')
                await self._acknowledged(ws, service)
                await ws.send_str(
                    orjson.dumps({"id": "1", "type": "subscribe", "payload": payload}).decode()
                )
                while True:
                    message = await _message(ws, service)
                    kind = message.get("type")
                    if kind == "next":
                        yield message.get("payload")
                    elif kind == "ping":
                        await ws.send_str('{"type":"pong"}')
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


async def _message(ws: aiohttp.ClientWebSocketResponse, service: str) -> dict[str, Any]:
    """The next protocol message; `SubgraphFetchError` when the socket closes or sends junk."""
    received = await ws.receive()
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
