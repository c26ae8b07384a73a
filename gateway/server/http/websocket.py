"""GraphQL over WebSocket (`graphql-transport-ws`) on the GraphQL path: subscriptions, and any
other operation answered once.

One connection: the handshake must offer `graphql-transport-ws`; `connection_init` (within
`init_timeout_seconds`, else 4408; twice: 4429) authenticates with the handshake's headers, over
which the init payload's string values win (`{"Authorization": "Bearer …"}`); an invalid token
closes 4403.  Then `subscribe` (before init: 4401; a busy id: 4409; a malformed message: 4400)
runs through the pipeline's `subscribe`: a subscription streams `next` per event and `complete`;
a query or mutation sends one `next` and `complete`; a refusal is an `error` message.  The
client's `complete` (or leaving) ends the subscription upstream.

Limits: `max_per_connection` and `max_total` open subscriptions (one more is answered `error`,
code SUBSCRIPTION_LIMIT_EXCEEDED), and the client's `complete` frees its place at once; each
subscription has a queue of `queue_size` results, and a client too slow to drain it is closed
with 1013 (try again later).  A close the client does not take within `_CLOSE_WAIT_SECONDS`
(its socket full) ends the connection without the close frame.  The server pings every
`ping_interval_seconds`; shutdown closes every connection with 1001 (going away), and a new
supergraph closes every connection holding a subscription with 1012 (service restart): clients
such as `graphql-ws` reconnect and subscribe again, planned on the new supergraph.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson

from gateway.request import (
    ExecutionResult,
    GraphQLRequest,
    Identity,
    IncrementalResult,
    Refusal,
    SubscriptionResult,
)
from gateway.server.http.asgi import Receive, Scope, Send, inbound_headers
from gateway.server.http.request_context import request_context, request_id
from gateway.server.http.subscriptions import (
    LIMIT_ERROR,
    Ending,
    SubscriptionHub,
    TooSlow,
    close_events,
)
from gateway.server.runtime.gateway import Gateway

__all__ = ["PROTOCOL", "serve_websocket"]

logger = logging.getLogger(__name__)

PROTOCOL = "graphql-transport-ws"
BAD_MESSAGE, UNAUTHORIZED, FORBIDDEN, INIT_TIMEOUT = 4400, 4401, 4403, 4408
SUBSCRIBER_EXISTS, TOO_MANY_INITS, INTERNAL = 4409, 4429, 4500
GOING_AWAY, SERVICE_RESTART, TOO_SLOW = 1001, 1012, 1013
# How long a close may wait for a client that does not read (a send stuck before it, then the
# close frame itself): past it the connection ends without telling the client.
_CLOSE_WAIT_SECONDS = 2.0
_ENDINGS = {
    Ending.SHUTDOWN: (GOING_AWAY, "The gateway is shutting down."),
    Ending.RELOAD: (SERVICE_RESTART, "The supergraph changed: subscribe again."),
}


class _Closed(Exception):
    """The connection is closed (by the client, or by us with `code`)."""


async def serve_websocket(
    gateway: Gateway,
    hub: SubscriptionHub,
    id_header: str,
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    """One WebSocket connection, from handshake to close."""
    connect = await receive()
    if connect["type"] != "websocket.connect":
        return
    if not hub.config.enabled or PROTOCOL not in scope.get("subprotocols", ()):
        await send({"type": "websocket.close", "code": 4406})  # refused handshake: HTTP 403
        return
    await send({"type": "websocket.accept", "subprotocol": PROTOCOL})
    connection = _Connection(gateway, hub, id_header, inbound_headers(scope), receive, send)
    hub.attach(connection)
    try:
        await connection.run()
    finally:
        hub.detach(connection)
        await connection.cancel_all()


class _Connection:
    def __init__(
        self,
        gateway: Gateway,
        hub: SubscriptionHub,
        id_header: str,
        headers: dict[str, str],
        receive: Receive,
        send: Send,
    ) -> None:
        self.gateway = gateway
        self.hub = hub
        self.config = hub.config
        self.id_header = id_header
        self.headers = headers
        self.receive = receive
        self._send = send
        self.identity: Identity | None = None
        self.init_received = False
        self.tasks: dict[str, asyncio.Task[None]] = {}
        # Operations the client completed that are still closing upstream.
        self.unsubscribed: set[asyncio.Task[None]] = set()
        self.closed = False
        self.lock = asyncio.Lock()
        # The operations streaming a subscription now (the client's `complete` removes one).
        self.streaming: set[asyncio.Task[Any]] = set()
        self.reading: asyncio.Task[None] | None = None

    @property
    def holding(self) -> bool:
        return bool(self.streaming)

    async def end(self, ending: Ending) -> None:
        await self.close(*_ENDINGS[ending])

    async def run(self) -> None:
        """Reads the client's messages until the connection closes."""
        reading = self.reading = asyncio.create_task(self._read())
        pinger = asyncio.create_task(self._ping()) if self.config.ping_interval_seconds else None
        try:
            # Not `await reading`: `close` cancels the reading when the client cannot be told.
            await asyncio.wait((reading,))
        finally:
            reading.cancel()
            if pinger is not None:
                pinger.cancel()
        if not reading.cancelled() and (error := reading.exception()) is not None:
            raise error

    async def _read(self) -> None:
        try:
            async with asyncio.timeout(self.config.init_timeout_seconds):
                while self.identity is None and not self.closed:
                    await self._handle(await self._next())
            while not self.closed:
                await self._handle(await self._next())
        except TimeoutError:
            await self.close(INIT_TIMEOUT, "Connection initialisation timeout")
        except _Closed:
            pass

    async def _next(self) -> dict[str, Any]:
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            self.closed = True
            raise _Closed
        text = message.get("text")
        if text is None:
            text = message.get("bytes") or b""
        try:
            decoded = orjson.loads(text)
        except orjson.JSONDecodeError:
            decoded = None
        if not isinstance(decoded, dict) or not isinstance(decoded.get("type"), str):
            await self.close(BAD_MESSAGE, "Invalid message received")
            raise _Closed
        return decoded

    async def _handle(self, message: dict[str, Any]) -> None:
        match message["type"]:
            case "connection_init":
                await self._init(message.get("payload"))
            case "ping":
                await self.send({"type": "pong"})
            case "pong":
                pass
            case "subscribe":
                await self._subscribe(message)
            case "complete":
                task = self.tasks.pop(str(message.get("id")), None)
                if task is not None:
                    # Its places (here and in the hub) are free before it has finished closing
                    # upstream: a `subscribe` read right after must fit.
                    self.streaming.discard(task)
                    self.unsubscribed.add(task)
                    task.add_done_callback(self.unsubscribed.discard)
                    self.hub.unsubscribe(task)
            case other:
                await self.close(BAD_MESSAGE, f"Unexpected message of type {other[:32]!r}")

    async def _init(self, payload: Any) -> None:
        if self.init_received:
            await self.close(TOO_MANY_INITS, "Too many initialisation requests")
            return
        self.init_received = True
        headers = dict(self.headers)
        if isinstance(payload, dict):
            headers.update({str(k).lower(): v for k, v in payload.items() if isinstance(v, str)})
        identity = await self.gateway.authenticator.authenticate(headers)
        if isinstance(identity, Refusal):
            await self.close(FORBIDDEN, "Forbidden")
            return
        self.headers = headers
        self.identity = identity
        await self.send({"type": "connection_ack"})

    async def _subscribe(self, message: dict[str, Any]) -> None:
        if self.identity is None:
            await self.close(UNAUTHORIZED, "Unauthorized")
            return
        sid, payload = message.get("id"), message.get("payload")
        if not isinstance(sid, str) or not sid or not isinstance(payload, dict):
            await self.close(BAD_MESSAGE, "Invalid subscribe message")
            return
        if sid in self.tasks:
            await self.close(SUBSCRIBER_EXISTS, f"Subscriber for {sid[:64]} already exists")
            return
        query, variables, name = (
            payload.get("query"),
            payload.get("variables"),
            payload.get("operationName"),
        )
        if (
            not isinstance(query, str)
            or not isinstance(variables, dict | None)
            or not isinstance(name, str | None)
        ):
            await self.close(BAD_MESSAGE, "Invalid subscribe payload")
            return
        extensions = payload.get("extensions")
        request = GraphQLRequest(
            query=query,
            variables=variables,
            operation_name=name,
            extensions=extensions if isinstance(extensions, dict) else None,
        )
        task = asyncio.create_task(self._operation(sid, request))
        self.tasks[sid] = task
        task.add_done_callback(lambda _: self._forget(sid, task))

    def _forget(self, sid: str, task: asyncio.Task[None]) -> None:
        if self.tasks.get(sid) is task:
            del self.tasks[sid]

    async def _operation(self, sid: str, request: GraphQLRequest) -> None:
        assert self.identity is not None
        rid = request_id(self.headers.get(self.id_header))
        context = request_context(rid, self.headers, self.identity)
        try:
            outcome = await self.gateway.pipeline.subscribe(request, context)
            match outcome:
                case SubscriptionResult():
                    await self._stream(sid, outcome)
                case ExecutionResult():
                    await self.send({"id": sid, "type": "next", "payload": outcome.body})
                    await self.send({"id": sid, "type": "complete"})
                case IncrementalResult():
                    await self.send({"id": sid, "type": "next", "payload": outcome.initial.body})
                    await self.send({"id": sid, "type": "complete"})
                case Refusal():
                    await self.send({"id": sid, "type": "error", "payload": list(outcome.errors)})
        except asyncio.CancelledError:
            raise
        except _Closed:
            pass  # the connection closed under it: there is nobody left to tell
        except Exception:
            logger.exception("unexpected failure while running a WebSocket operation")
            await self.close(INTERNAL, "Internal server error")

    async def _stream(self, sid: str, result: SubscriptionResult) -> None:
        hub = self.hub
        if len(self.streaming) >= self.config.max_per_connection or not hub.admit():
            await close_events(result)
            await self.send({"id": sid, "type": "error", "payload": [LIMIT_ERROR]})
            return

        async def send(event: ExecutionResult | Refusal) -> None:
            if isinstance(event, Refusal):
                await self.send({"id": sid, "type": "error", "payload": list(event.errors)})
            else:
                await self.send({"id": sid, "type": "next", "payload": event.body})

        task = asyncio.current_task()
        assert task is not None
        self.streaming.add(task)
        try:
            ended = await hub.deliver(PROTOCOL, result, send)
        except TooSlow:
            await self.close(TOO_SLOW, "The client reads its subscriptions too slowly.")
            return
        finally:
            self.streaming.discard(task)
        if ended == "complete":
            await self.send({"id": sid, "type": "complete"})

    async def _ping(self) -> None:
        while not self.closed:
            await asyncio.sleep(self.config.ping_interval_seconds)
            with contextlib.suppress(_Closed):
                await self.send({"type": "ping"})

    async def send(self, message: dict[str, Any]) -> None:
        async with self.lock:
            if self.closed:
                raise _Closed
            try:
                await self._send({"type": "websocket.send", "text": orjson.dumps(message).decode()})
            except OSError as error:  # the client went away mid-send
                self.closed = True
                raise _Closed from error

    async def close(self, code: int, reason: str) -> None:
        """Sends the close frame, and ends the reading: the connection is over."""
        if self.closed:
            return
        self.closed = True  # sends from now on raise `_Closed`
        try:
            # A send stuck on a client that does not read holds the lock, and the close frame
            # waits for the same full socket: past the bound the client is not told.
            async with asyncio.timeout(_CLOSE_WAIT_SECONDS), self.lock:
                await self._send({"type": "websocket.close", "code": code, "reason": reason})
        except TimeoutError:
            logger.info(
                "a WebSocket client read nothing for %ss: its connection ends without a close "
                "frame",
                _CLOSE_WAIT_SECONDS,
            )
        except (OSError, RuntimeError):
            pass  # the socket is gone already
        reading = self.reading
        if reading is not None and reading is not asyncio.current_task():
            reading.cancel()

    async def cancel_all(self) -> None:
        """Cancels what still runs (closing subscriptions upstream) once the socket is gone."""
        for task in self.tasks.values():
            task.cancel()
        # The client's completed ones were cancelled already.  Not `gather`: cancelled here, it
        # would cancel them all again, cutting their upstream close short.
        tasks = [*self.tasks.values(), *self.unsubscribed]
        if tasks:
            await asyncio.wait(tasks)
