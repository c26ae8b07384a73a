"""The change listener on a real PostgreSQL: notify on commit, bounded queues, reconnection."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from shared.errors import Conflict
from subgraphs.scheduling.changes import BookingChangeKind, Change, RulesChange, decode, encode
from subgraphs.scheduling.hub import (
    AvailabilityChangeKind,
    AvailabilityEvent,
    BookingEvent,
    Event,
    EventHub,
    SlowSubscriber,
    Topic,
)
from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.store import LISTEN_APPLICATION_NAME, Store
from tests.subgraphs.scheduling.helpers import BERLIN_RULES, NOW, TUTOR

pytestmark = pytest.mark.stores

WAIT = 20.0


@pytest.fixture
async def hub(store: Store) -> AsyncIterator[EventHub]:
    async def read(booking_id: str) -> Booking | None:
        return (await store.bookings_by_id([booking_id])).get(booking_id)

    events = EventHub(connect=store.listen_connection, read_booking=read, queue_size=2)
    await events.start()
    async with asyncio.timeout(WAIT):
        await events.listening()
    try:
        yield events
    finally:
        await events.close()


def _for_tutor(tutor: str) -> Callable[[Change], bool]:
    def wants(change: Change) -> bool:
        return change.tutor_id == tutor

    return wants


def _booking(n: int, tutor: str = TUTOR) -> Booking:
    start = datetime(2026, 12, 7, 8, tzinfo=UTC) + timedelta(weeks=n)
    return Booking(
        id=f"booking-h{n:04d}",
        tutor_id=tutor,
        student_id="user-0300",
        start=start,
        end=start + timedelta(hours=1),
        status=BookingStatus.CONFIRMED,
        created_at=NOW,
    )


async def _next(events: AsyncIterator[Event]) -> Event:
    async with asyncio.timeout(WAIT):
        return await anext(events)


def test_change_payloads_round_trip_and_junk_is_ignored() -> None:
    change = RulesChange(tutor_id="tutor-0007")
    assert decode(encode(change)) == change
    assert decode("not json") is None
    assert decode('{"kind": "BOOKED"}') is None


async def test_bookings_are_announced_on_commit_and_re_read(store: Store, hub: EventHub) -> None:
    with hub.subscribe(Topic.BOOKINGS, lambda c: c.tutor_id == TUTOR) as bookings:
        events = bookings.events()
        await store.insert_booking(_booking(1), NOW)
        # A refused double booking rolls back: nothing is announced for it.
        with pytest.raises(Conflict):
            await store.insert_booking(dataclasses.replace(_booking(1), id="booking-h-other"), NOW)
        await store.cancel(_booking(1).id, NOW)
        booked = await _next(events)
        cancelled = await _next(events)
    assert isinstance(booked, BookingEvent)
    assert booked.kind is BookingChangeKind.BOOKED
    assert booked.booking.id == _booking(1).id
    assert isinstance(cancelled, BookingEvent)
    assert cancelled.kind is BookingChangeKind.CANCELLED
    assert cancelled.booking.status is BookingStatus.CANCELLED


async def test_availability_subscribers_hear_of_their_tutor_only(
    store: Store, hub: EventHub
) -> None:
    with (
        hub.subscribe(Topic.AVAILABILITY, _for_tutor(TUTOR)) as mine,
        hub.subscribe(Topic.AVAILABILITY, _for_tutor("tutor-0002")) as theirs,
    ):
        events = mine.events()
        await store.replace_rules("tutor-0002", ())
        await store.replace_rules(TUTOR, BERLIN_RULES)
        await store.insert_booking(_booking(2), NOW)
        first = await _next(events)
        second = await _next(events)
        other = await _next(theirs.events())
    assert first == AvailabilityEvent(tutor_id=TUTOR, kind=AvailabilityChangeKind.RULES_CHANGED)
    assert second == AvailabilityEvent(tutor_id=TUTOR, kind=AvailabilityChangeKind.BOOKED)
    assert other == AvailabilityEvent(
        tutor_id="tutor-0002", kind=AvailabilityChangeKind.RULES_CHANGED
    )


async def test_a_slow_subscriber_is_dropped_and_the_others_go_on(
    store: Store, hub: EventHub
) -> None:
    """Queues hold 2 events here: the third unread one drops the slow subscriber."""
    with (
        hub.subscribe(Topic.AVAILABILITY, _for_tutor(TUTOR)) as slow,
        hub.subscribe(Topic.AVAILABILITY, _for_tutor(TUTOR)) as fast,
    ):
        events = fast.events()
        received = []
        for _ in range(5):
            await store.replace_rules(TUTOR, BERLIN_RULES)
            received.append(await _next(events))
        assert hub.subscriber_count == 2
        with pytest.raises(SlowSubscriber) as dropped:
            await _next(slow.events())
    assert len(received) == 5
    assert dropped.value.code == "SLOW_SUBSCRIBER"
    assert hub.subscriber_count == 0


async def test_the_listener_reconnects_after_its_connection_is_killed(
    store: Store, hub: EventHub
) -> None:
    with hub.subscribe(Topic.AVAILABILITY, _for_tutor(TUTOR)) as subscriber:
        # A queue in between: a timed-out `anext` would close the generator.
        received: asyncio.Queue[Event] = asyncio.Queue()
        pump = asyncio.create_task(_pump(subscriber.events(), received))
        killed = await _terminate_listeners(store)
        assert killed >= 1
        # Until the hub is listening again, notifications would be lost: retry until one lands.
        async with asyncio.timeout(WAIT):
            while received.empty():
                await store.replace_rules(TUTOR, BERLIN_RULES)
                await asyncio.sleep(0.3)
        pump.cancel()
    event = received.get_nowait()
    assert event == AvailabilityEvent(tutor_id=TUTOR, kind=AvailabilityChangeKind.RULES_CHANGED)


async def _pump(events: AsyncIterator[Event], into: asyncio.Queue[Event]) -> None:
    async for event in events:
        await into.put(event)


async def _terminate_listeners(store: Store) -> int:
    engine = store._engine  # the test reaches in to find the listener's backend
    async with engine.begin() as conn:
        rows = await conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :name"
            ),
            {"name": LISTEN_APPLICATION_NAME},
        )
        return len(rows.all())
