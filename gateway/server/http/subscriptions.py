"""What every subscription protocol shares: the process's limit, bounded delivery, the counts, and
ending subscriptions when the gateway shuts down or serves a new supergraph.

A protocol (WebSocket, SSE, multipart HTTP) registers each client channel that can hold
subscriptions (a `Holder`) with the `SubscriptionHub` and runs each subscription through
`SubscriptionHub.deliver`: events move from the pipeline into a queue of `queue_size` results
and from there to the client; a client that lets the queue fill is too slow (`TooSlow`), and
the protocol closes its channel with the matching signal.  `Ending` says why the hub ends a
channel: shutdown (clients reconnect elsewhere) or a new supergraph (clients subscribe again and
are planned on it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Protocol

from gateway.config.model import SubscriptionsConfig
from gateway.request import ExecutionResult, Refusal, SubscriptionResult

__all__ = [
    "LIMIT_EXCEEDED",
    "SCHEMA_RELOAD",
    "Ending",
    "Holder",
    "SubscriptionHub",
    "SubscriptionObserver",
    "TooSlow",
    "close_events",
]

logger = logging.getLogger(__name__)

LIMIT_EXCEEDED = "SUBSCRIPTION_LIMIT_EXCEEDED"
# The code of the error a protocol without close codes sends when a new supergraph ends the
# subscription (the code Apollo Router uses).
SCHEMA_RELOAD = "SUBSCRIPTION_SCHEMA_RELOAD"


class Ending(StrEnum):
    SHUTDOWN = "shutdown"
    RELOAD = "reload"


class Holder(Protocol):
    """A client channel holding subscriptions: a WebSocket connection, an SSE or multipart
    response."""

    @property
    def holding(self) -> bool:
        """Whether a subscription is open on it now."""
        ...

    async def end(self, ending: Ending) -> None:
        """Ends the channel's subscriptions and tells the client why, as its protocol can."""
        ...


class SubscriptionObserver(Protocol):
    """Counts for `/metrics` (`gateway.telemetry.Telemetry` is one)."""

    def subscription_opened(self, protocol: str) -> None: ...

    def subscription_closed(self, protocol: str, reason: str) -> None: ...

    def subscription_event(self, protocol: str) -> None: ...


class TooSlow(Exception):
    """The client let its subscription's queue fill: it reads too slowly."""


class SubscriptionHub:
    """The process's open subscriptions and the channels holding them."""

    def __init__(
        self, config: SubscriptionsConfig, observer: SubscriptionObserver | None = None
    ) -> None:
        self.config = config
        self.observer = observer
        self.open = 0
        self.holders: set[Holder] = set()
        self._endings: set[asyncio.Task[None]] = set()

    def attach(self, holder: Holder) -> None:
        self.holders.add(holder)

    def detach(self, holder: Holder) -> None:
        self.holders.discard(holder)

    def admit(self) -> bool:
        """Whether one more subscription fits under the process's limit."""
        return self.open < self.config.max_total

    async def deliver(
        self,
        protocol: str,
        result: SubscriptionResult,
        send: Callable[[ExecutionResult | Refusal], Awaitable[None]],
    ) -> str:
        """Sends each event of `result` with `send` until the stream ends; returns how it ended:
        "complete", or "error" when its last item was a `Refusal` (sent like an event).

        Raises `TooSlow` when the queue fills (a send stuck on the client is cancelled); the
        subscription is closed upstream whatever ends it, a cancelled `deliver` included.
        """
        self.open += 1
        observer = self.observer
        if observer is not None:
            observer.subscription_opened(protocol)
        reason = "client"
        queue: asyncio.Queue[ExecutionResult | Refusal | None] = asyncio.Queue(
            self.config.queue_size
        )
        sender = asyncio.create_task(_send_all(queue, send, observer, protocol))
        overflow = asyncio.Event()
        reader = asyncio.create_task(_read(result, queue, sender, overflow))
        try:
            try:
                reason = await sender
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if overflow.is_set() and task is not None and not task.cancelling():
                    reason = "too_slow"
                    raise TooSlow from None
                raise
            return reason
        finally:
            self.open -= 1
            if observer is not None:
                observer.subscription_closed(protocol, reason)
            sender.cancel()
            reader.cancel()
            await asyncio.gather(sender, reader, return_exceptions=True)

    def reload(self) -> None:
        """A new supergraph is served: ends every channel holding a subscription."""
        self._end_all(Ending.RELOAD)

    async def close_all(self) -> None:
        """The gateway shuts down: ends every channel (clients reconnect elsewhere)."""
        await asyncio.gather(
            *(holder.end(Ending.SHUTDOWN) for holder in list(self.holders)),
            return_exceptions=True,
        )

    def _end_all(self, ending: Ending) -> None:
        for holder in list(self.holders):
            if holder.holding:
                task = asyncio.ensure_future(holder.end(ending))
                self._endings.add(task)
                task.add_done_callback(self._endings.discard)


async def _send_all(
    queue: asyncio.Queue[ExecutionResult | Refusal | None],
    send: Callable[[ExecutionResult | Refusal], Awaitable[None]],
    observer: SubscriptionObserver | None,
    protocol: str,
) -> str:
    while (item := await queue.get()) is not None:
        if observer is not None and isinstance(item, ExecutionResult):
            observer.subscription_event(protocol)
        await send(item)
        if isinstance(item, Refusal):
            return "error"
    return "complete"


async def _read(
    result: SubscriptionResult,
    queue: asyncio.Queue[ExecutionResult | Refusal | None],
    sender: asyncio.Task[str],
    overflow: asyncio.Event,
) -> None:
    """Moves events into the bounded queue; a full queue cancels the sender (too slow)."""
    try:
        async for event in result.events:
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                overflow.set()
                sender.cancel()
                return
            if isinstance(event, Refusal):
                return
        await queue.put(None)
    finally:
        await close_events(result)


async def close_events(result: SubscriptionResult) -> None:
    """Closes the subscription upstream (its event iterator)."""
    close = getattr(result.events, "aclose", None)
    if close is not None:
        try:
            await close()
        except Exception:
            logger.exception("closing a subscription's events failed")
