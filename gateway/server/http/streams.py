"""One subscription streamed in one HTTP response: what SSE and multipart subscriptions share.

`HttpStream` is the hub's `Holder` for the response.  It starts the response, writes chunks
one at a time (a lock: events and keep-alives never interleave), sends a keep-alive every
`keepalive_seconds`, watches for the client leaving (`http.disconnect`), and runs the
subscription through `SubscriptionHub.deliver` until it ends.  How it ended (`StreamEnd`)
decides the last bytes, which each protocol frames (`closing`): a subgraph's `complete`, a
refusal sent as the last event, a client too slow to read (its queue filled), the client
leaving, the process's limit, or the hub ending the channel (shutdown, a new supergraph).

The last write is bounded (`_FINISH_WAIT_SECONDS`): a client that stopped reading cannot hold
the response open; the server then closes the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from enum import StrEnum

from gateway.request import ExecutionResult, Refusal, SubscriptionResult
from gateway.server.http.asgi import RawHeader, Receive, Send
from gateway.server.http.subscriptions import (
    LIMIT_ERROR,
    Ending,
    SubscriptionHub,
    TooSlow,
    close_events,
)

__all__ = ["LIMIT_ERROR", "HttpStream", "StreamEnd", "StreamGone"]

logger = logging.getLogger(__name__)

_FINISH_WAIT_SECONDS = 1.0


class StreamEnd(StrEnum):
    """How a streamed subscription ended."""

    COMPLETE = "complete"  # the subgraph completed it
    ERROR = "error"  # a refusal, sent as its last event
    TOO_SLOW = "too_slow"  # the client let its queue fill
    CLIENT = "client"  # the client left
    LIMIT = "limit"  # not started: the process holds `max_total` subscriptions
    SHUTDOWN = Ending.SHUTDOWN.value
    RELOAD = Ending.RELOAD.value


class StreamGone(Exception):
    """The response is over (the client left, or the last bytes were sent): nothing more can be
    written."""


class HttpStream:
    """A streamed response; subclasses frame the bytes of their protocol."""

    # The protocol's name in `/metrics`.
    protocol = ""
    content_type = b""
    # The bytes sent right after the headers, and those of one keep-alive.
    opening = b""
    keepalive = b""

    def __init__(
        self, hub: SubscriptionHub, send: Send, receive: Receive, keepalive_seconds: float
    ) -> None:
        self.hub = hub
        self._send = send
        self.receive = receive
        self.keepalive_seconds = keepalive_seconds
        self.lock = asyncio.Lock()
        # No more writes: the client left, or the response was finished.
        self.closed = False
        self.ending: Ending | None = None
        self._delivery: asyncio.Task[str] | None = None

    def event(self, item: ExecutionResult | Refusal) -> bytes:
        """The bytes of one event (a refusal is the subscription's last)."""
        raise NotImplementedError

    def closing(self, end: StreamEnd) -> bytes:
        """The last bytes of the response after the subscription ended as `end`."""
        raise NotImplementedError

    @property
    def holding(self) -> bool:
        return self._delivery is not None and not self._delivery.done()

    async def end(self, ending: Ending) -> None:
        delivery = self._delivery
        if delivery is None or delivery.done() or self.ending is not None:
            return
        self.ending = ending
        delivery.cancel()  # `subscribe` then finishes the response as the protocol says

    async def start(self, headers: Iterable[RawHeader]) -> None:
        """Sends the status, the headers and the opening bytes."""
        start = [
            (b"content-type", self.content_type),
            (b"cache-control", b"no-cache"),
            # Proxies that buffer responses (nginx) pass this one through as it is written.
            (b"x-accel-buffering", b"no"),
            *headers,
        ]
        await self._send({"type": "http.response.start", "status": 200, "headers": start})
        if self.opening:
            await self.write(self.opening)

    async def write(self, chunk: bytes) -> None:
        async with self.lock:
            if self.closed:
                raise StreamGone
            try:
                await self._send({"type": "http.response.body", "body": chunk, "more_body": True})
            except OSError as error:  # a server that reports the client's leaving on send
                self.closed = True
                raise StreamGone from error

    async def finish(self, chunk: bytes = b"") -> None:
        """Sends the last bytes and ends the response (at most once; nothing when the client
        left)."""
        if self.closed:
            return
        self.closed = True  # writes from now on raise `StreamGone`
        last = {"type": "http.response.body", "body": chunk, "more_body": False}
        # A write stuck on a client that does not read holds the lock: give up after a while.
        with contextlib.suppress(TimeoutError, OSError):
            async with asyncio.timeout(_FINISH_WAIT_SECONDS), self.lock:
                await self._send(last)

    async def subscribe(self, result: SubscriptionResult) -> StreamEnd:
        """Streams `result` until it ends, then finishes the response; returns how it ended."""
        hub = self.hub
        if not hub.admit():
            await close_events(result)
            end = StreamEnd.LIMIT
        else:
            hub.attach(self)
            try:
                end = await self._deliver(result)
            finally:
                hub.detach(self)
        await self.finish(self.closing(end))
        return end

    async def _deliver(self, result: SubscriptionResult) -> StreamEnd:
        delivery = asyncio.create_task(self.hub.deliver(self.protocol, result, self._send_event))
        self._delivery = delivery
        watcher = asyncio.create_task(self._watch(delivery))
        pinger = asyncio.create_task(self._ping()) if self.keepalive_seconds > 0 else None
        try:
            return StreamEnd(await delivery)
        except TooSlow:
            return StreamEnd.TOO_SLOW
        except StreamGone:
            return StreamEnd.CLIENT
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # this request is cancelled: the server is going away
            return StreamEnd(self.ending) if self.ending is not None else StreamEnd.CLIENT
        finally:
            companions = [t for t in (watcher, pinger) if t is not None]
            for running in companions:
                running.cancel()
            await asyncio.gather(*companions, return_exceptions=True)

    async def _send_event(self, item: ExecutionResult | Refusal) -> None:
        await self.write(self.event(item))

    async def _watch(self, delivery: asyncio.Task[str]) -> None:
        """Ends the subscription when the client leaves."""
        while (await self.receive())["type"] != "http.disconnect":
            pass  # the rest of the request body, if any
        self.closed = True
        delivery.cancel()

    async def _ping(self) -> None:
        with contextlib.suppress(StreamGone):
            while True:
                await asyncio.sleep(self.keepalive_seconds)
                await self.write(self.keepalive)
