"""One LISTEN connection per process, fanned out to this process's subscribers.

```
bookLesson / cancelBooking / setAvailability ── pg_notify in the transaction ──▶ PostgreSQL
PostgreSQL ── on commit, to every process ──▶ EventHub (LISTEN, one connection)
EventHub ── inbox (bounded) ──▶ dispatcher: re-reads the booking once ──▶ Subscriber queues
```

Each subscriber has a bounded queue. A subscriber whose queue is full is dropped with a
SLOW_SUBSCRIBER error instead of buffering without bound, and the others go on. If the
dispatcher itself falls behind (its inbox is full), every subscriber ends with EVENTS_LOST,
because an unknown set of events was lost. A lost LISTEN connection is re-opened with backoff;
notifications sent while it was down are not replayed (NOTIFY is not durable).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, Protocol

from shared.errors import DomainError, StoreUnavailable
from subgraphs.scheduling.changes import (
    CHANNEL,
    BookingChange,
    BookingChangeKind,
    Change,
    RulesChange,
    decode,
)
from subgraphs.scheduling.model import Booking

__all__ = [
    "AvailabilityChangeKind",
    "AvailabilityEvent",
    "BookingEvent",
    "Event",
    "EventHub",
    "ListenConnection",
    "Subscriber",
    "Topic",
]

log = logging.getLogger(__name__)

DEFAULT_QUEUE_SIZE: Final = 100
_INBOX_SIZE: Final = 10_000
_FIRST_RETRY: Final = 0.1
_MAX_RETRY: Final = 5.0


class ListenConnection(Protocol):
    """What the hub needs of an asyncpg connection."""

    async def add_listener(self, channel: str, callback: Callable[..., None]) -> None: ...
    def add_termination_listener(self, callback: Callable[..., None]) -> None: ...
    async def execute(self, query: str) -> Any: ...
    def terminate(self) -> None: ...


class AvailabilityChangeKind(Enum):
    BOOKED = "BOOKED"
    CANCELLED = "CANCELLED"
    RULES_CHANGED = "RULES_CHANGED"


@dataclass(frozen=True, slots=True, kw_only=True)
class BookingEvent:
    kind: BookingChangeKind
    booking: Booking  # as committed, re-read after the notification


@dataclass(frozen=True, slots=True, kw_only=True)
class AvailabilityEvent:
    tutor_id: str
    kind: AvailabilityChangeKind


Event = BookingEvent | AvailabilityEvent


class Topic(Enum):
    BOOKINGS = "bookings"
    AVAILABILITY = "availability"


class SlowSubscriber(DomainError):
    default_code = "SLOW_SUBSCRIBER"


class EventsLost(DomainError):
    default_code = "EVENTS_LOST"


class Subscriber:
    """One subscription's bounded queue; `wants` filters changes before any store read."""

    def __init__(self, topic: Topic, wants: Callable[[Change], bool], size: int) -> None:
        self.topic = topic
        self.wants = wants
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue(maxsize=size)
        self._ended = False
        self._error: DomainError | None = None

    def offer(self, event: Event) -> None:
        if self._ended:
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            log.warning("dropping a %s subscriber: %d events unread", self.topic.value, self.size)
            self.end(SlowSubscriber("too many unread events: subscribe again, and read faster"))

    @property
    def size(self) -> int:
        return self._queue.maxsize

    def end(self, error: DomainError | None = None) -> None:
        """Ends the stream: with `error` at once, or (None) after the queued events."""
        if self._ended:
            return
        self._ended = True
        self._error = error
        # Wakes a consumer waiting on an empty queue; a full queue has no one waiting.
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(None)

    async def events(self) -> AsyncIterator[Event]:
        while True:
            if self._error is not None:
                raise self._error
            if self._ended and self._queue.empty():
                return
            event = await self._queue.get()
            if event is not None and self._error is None:
                yield event


class EventHub:
    """Listens on `changes.CHANNEL` and hands each change to the subscribers that want it."""

    def __init__(
        self,
        *,
        connect: Callable[[], Awaitable[ListenConnection]],
        read_booking: Callable[[str], Awaitable[Booking | None]],
        queue_size: int = DEFAULT_QUEUE_SIZE,
        liveness_seconds: float = 10.0,
    ) -> None:
        self._connect = connect
        self._read_booking = read_booking
        self._queue_size = queue_size
        self._liveness = liveness_seconds
        self._subscribers: set[Subscriber] = set()
        self._inbox: asyncio.Queue[str] = asyncio.Queue(maxsize=_INBOX_SIZE)
        self._listening = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._listen(), name="scheduling-listen"),
            asyncio.create_task(self._dispatch(), name="scheduling-dispatch"),
        ]

    async def listening(self) -> None:
        """Returns once the LISTEN connection is up (again)."""
        await self._listening.wait()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        for subscriber in list(self._subscribers):
            subscriber.end()

    @contextlib.contextmanager
    def subscribe(self, topic: Topic, wants: Callable[[Change], bool]) -> Iterator[Subscriber]:
        subscriber = Subscriber(topic, wants, self._queue_size)
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)
            subscriber.end()

    async def _listen(self) -> None:
        delay = _FIRST_RETRY
        while True:
            try:
                conn = await self._connect()
            except Exception as exc:
                log.warning(
                    "cannot LISTEN (retrying in %gs): %s: %s", delay, type(exc).__name__, exc
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, _MAX_RETRY)
                continue
            try:
                lost = asyncio.Event()
                conn.add_termination_listener(lambda *_, lost=lost: lost.set())
                await conn.add_listener(CHANNEL, self._on_notification)
                delay = _FIRST_RETRY
                self._listening.set()
                await self._until_lost(conn, lost)
                log.warning("the LISTEN connection was closed; reconnecting")
            except Exception as exc:
                log.warning(
                    "the LISTEN connection failed; reconnecting: %s: %s", type(exc).__name__, exc
                )
            finally:
                self._listening.clear()
                # No goodbye needed: the server drops a closed session's LISTENs.
                conn.terminate()

    async def _until_lost(self, conn: ListenConnection, lost: asyncio.Event) -> None:
        """Waits for the connection to end; a query every `liveness` finds a silent loss."""
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._liveness):
                    await lost.wait()
                    return
            async with asyncio.timeout(self._liveness):
                await conn.execute("SELECT 1")

    def _on_notification(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            self._inbox.put_nowait(payload)
        except asyncio.QueueFull:
            log.error("%d notifications unprocessed: ending every subscription", _INBOX_SIZE)
            for subscriber in list(self._subscribers):
                subscriber.end(EventsLost("events were lost: subscribe again"))

    async def _dispatch(self) -> None:
        while True:
            change = decode(await self._inbox.get())
            try:
                if change is not None:
                    await self._deliver(change)
            except Exception:
                # One bad event must not stop the events of every subscriber of this process.
                log.exception("could not deliver %s", change)
            # A burst of notifications must not fill queues before their readers get a turn.
            await asyncio.sleep(0)

    async def _deliver(self, change: Change) -> None:
        wanting = [s for s in self._subscribers if s.wants(change)]
        if not wanting:
            return
        events: dict[Topic, Event | None] = {}
        for subscriber in wanting:
            if subscriber.topic not in events:
                events[subscriber.topic] = await self._event(subscriber.topic, change, wanting)
            event = events[subscriber.topic]
            if event is not None:
                subscriber.offer(event)

    async def _event(self, topic: Topic, change: Change, wanting: list[Subscriber]) -> Event | None:
        match change:
            case RulesChange():
                return AvailabilityEvent(
                    tutor_id=change.tutor_id, kind=AvailabilityChangeKind.RULES_CHANGED
                )
            case BookingChange() if topic is Topic.AVAILABILITY:
                if change.kind is BookingChangeKind.CONFIRMED:
                    return None  # the pending booking already held the slot: no change
                kind = AvailabilityChangeKind(change.kind.value)
                return AvailabilityEvent(tutor_id=change.tutor_id, kind=kind)
            case BookingChange():
                try:
                    booking = await self._read_booking(change.booking_id)
                except StoreUnavailable as exc:
                    for subscriber in wanting:
                        if subscriber.topic is topic:
                            subscriber.end(exc)
                    return None
                # None: the booking is gone again (the tables were emptied); nothing to show.
                return None if booking is None else BookingEvent(kind=change.kind, booking=booking)
