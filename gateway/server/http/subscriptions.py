"""What every subscription protocol shares: the process's limit, bounded delivery, the counts, and
ending subscriptions when the gateway shuts down or serves a new supergraph.

A protocol (WebSocket, SSE, multipart HTTP) registers each client channel that can hold
subscriptions (a `Holder`) with the `SubscriptionHub` and runs each subscription through
`SubscriptionHub.deliver`: events move from the pipeline into a queue of `queue_size` results
and from there to the client; a client that lets the queue fill (its sends blocked on its socket)
is too slow (`TooSlow`), and the protocol closes its channel with the matching signal.  A client
ending one subscription frees its place at once (`SubscriptionHub.unsubscribe`), while the
subscription closes upstream in the background.  `Ending` says why the hub ends a channel:
shutdown (clients reconnect elsewhere) or a new supergraph (clients subscribe again and are
planned on it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from gateway.config.model import SubscriptionsConfig
from gateway.formatted_error import GraphQLFormattedError
from gateway.request import ExecutionResult, Refusal, SubscriptionResult, refusal

__all__ = [
    "LIMIT_ERROR",
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
# The error every protocol sends for a subscription over a limit.
LIMIT_ERROR: GraphQLFormattedError = {
    "message": "Too many subscriptions are open.",
    "extensions": {"code": LIMIT_EXCEEDED},
}
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
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
        # The deliveries running, by the task running each, and the tasks of those that ended
        # but still close their subscription upstream.
        self._deliveries: dict[asyncio.Task[Any], _Delivery] = {}
        self._closing: set[asyncio.Task[Any]] = set()

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

        Raises `TooSlow` when the queue fills while a send is stuck on the client (that send
        is cancelled), and what `send` raised when the client is gone; the subscription is
        closed upstream whatever ends it, a cancelled `deliver` included.  A failing event
        stream ends with an `error` for the client (INTERNAL_SERVER_ERROR), logged.
        """
        delivery = _Delivery(protocol=protocol)
        task = asyncio.current_task()
        if task is not None:
            self._deliveries[task] = delivery
        self.open += 1
        if self.observer is not None:
            self.observer.subscription_opened(protocol)
        reason = "client"
        queue: asyncio.Queue[ExecutionResult | Refusal | None] = asyncio.Queue(
            self.config.queue_size
        )
        sender = asyncio.create_task(_send_all(queue, send, self.observer, protocol))
        reader = asyncio.create_task(_read(result, queue, sender, delivery))
        try:
            try:
                # Awaited directly: cancelling this coroutine stops the sender at once.
                reason = await sender
            except asyncio.CancelledError:
                if delivery.overflowed and task is not None and not task.cancelling():
                    reason = "too_slow"
                    raise TooSlow from None
                raise
            return reason
        finally:
            if task is not None and self._deliveries.get(task) is delivery:
                del self._deliveries[task]
            self._release(delivery, reason)
            sender.cancel()
            reader.cancel()
            # Not `gather`: this coroutine cancelled again would cancel the reader again,
            # cutting its upstream close short.  The hub holds what is left until it is done.
            for part in (sender, reader):
                if not part.done():
                    self._closing.add(part)
                    part.add_done_callback(self._settled)
            await asyncio.wait((sender, reader))

    def unsubscribe(self, task: asyncio.Task[Any]) -> None:
        """The client ended the subscription that `task` delivers: its place is free at once
        (a subscription sent right after fits), and the task is cancelled, closing the
        subscription upstream on its own time."""
        delivery = self._deliveries.pop(task, None)
        if delivery is not None:
            self._release(delivery, "client")
        task.cancel()

    def reload(self) -> None:
        """A new supergraph is served: ends every channel holding a subscription."""
        self._end_all(Ending.RELOAD)

    async def close_all(self) -> None:
        """The gateway shuts down: ends every channel (clients reconnect elsewhere)."""
        await asyncio.gather(
            *(holder.end(Ending.SHUTDOWN) for holder in list(self.holders)),
            return_exceptions=True,
        )

    def _settled(self, part: asyncio.Task[Any]) -> None:
        self._closing.discard(part)
        if not part.cancelled():
            part.exception()  # seen here: a send that failed after the delivery had ended

    def _release(self, delivery: _Delivery, reason: str) -> None:
        if delivery.released:
            return
        delivery.released = True
        self.open -= 1
        if self.observer is not None:
            self.observer.subscription_closed(delivery.protocol, reason)

    def _end_all(self, ending: Ending) -> None:
        for holder in list(self.holders):
            if holder.holding:
                task = asyncio.ensure_future(holder.end(ending))
                self._endings.add(task)
                task.add_done_callback(self._endings.discard)


@dataclass(slots=True)
class _Delivery:
    """One subscription counted in the hub's `open` until it is released, once."""

    protocol: str
    released: bool = False
    # The reader cancelled the sender: the client let the queue fill.
    overflowed: bool = False


async def _send_all(
    queue: asyncio.Queue[ExecutionResult | Refusal | None],
    send: Callable[[ExecutionResult | Refusal], Awaitable[None]],
    observer: SubscriptionObserver | None,
    protocol: str,
) -> str:
    while (item := await queue.get()) is not None:
        await send(item)
        if isinstance(item, Refusal):
            return "error"
        if observer is not None:  # counted once sent: a send cut short delivered nothing
            observer.subscription_event(protocol)
    return "complete"


async def _read(
    result: SubscriptionResult,
    queue: asyncio.Queue[ExecutionResult | Refusal | None],
    sender: asyncio.Task[str],
    delivery: _Delivery,
) -> None:
    """Moves events into the bounded queue; a queue the sender cannot drain cancels it."""
    try:
        try:
            async for event in result.events:
                if queue.full():
                    # A burst larger than the queue is not a slow client: the sender has not
                    # had its turn yet.  Given it, a sender whose client reads drains the queue.
                    await asyncio.sleep(0)
                    if queue.full():
                        delivery.overflowed = True
                        sender.cancel()
                        return
                queue.put_nowait(event)
                if isinstance(event, Refusal):
                    return
        except Exception:
            logger.exception("a subscription's events failed")
            await queue.put(refusal("The subscription failed.", INTERNAL_SERVER_ERROR))
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
