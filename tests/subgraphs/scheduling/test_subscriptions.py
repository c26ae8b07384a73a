"""Subscriptions over real sockets: the `gql` client (graphql-transport-ws) against two
scheduling processes on one database, the way two replicas run behind the gateway."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from shared.auth import Viewer
from shared.stores import StoreUrls
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import (
    ADMIN,
    BERLIN_RULES,
    BOOK,
    OTHER_STUDENT,
    STUDENT,
    TUTOR,
    TUTOR_USER,
    book_vars,
)
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_subprocess

pytestmark = pytest.mark.stores

WAIT = 20.0
BOOKINGS = """
subscription { bookingChanged { kind booking { id status tutor { id } student { id } } } }
"""
AVAILABILITY = """
subscription Availability($tutorId: ID!) {
  availabilityChanged(tutorId: $tutorId) { tutorId kind tutor { id availabilityRules { weekday } } }
}
"""
CANCEL = "mutation Cancel($id: ID!) { cancelBooking(id: $id) { id status } }"
SET_RULES = """
mutation Rules($tutorId: ID!, $rules: [AvailabilityRuleInput!]!) {
  setAvailability(tutorId: $tutorId, rules: $rules) { id }
}
"""
MONDAY_RULE = {"weekday": "MONDAY", "startTime": "09:00", "endTime": "12:00", "timezone": "UTC"}

# Mondays from 2030 on: after "now" for the processes, which use the real clock.
_FIRST_MONDAY = datetime(2030, 1, 7, 8, tzinfo=UTC)


def _slots() -> Iterator[tuple[str, str]]:
    """Distinct 30-minute lessons inside the Berlin rules (Mondays 08:00-11:00Z in winter)."""
    for week in itertools.count():
        monday = _FIRST_MONDAY + timedelta(weeks=week)
        if monday.month in (4, 5, 6, 7, 8, 9, 10):
            continue  # summer time shifts the rules by an hour: stay in winter weeks
        for half_hour in range(6):
            start = monday + timedelta(minutes=30 * half_hour)
            yield _iso(start), _iso(start + timedelta(minutes=30))


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture(scope="module")
def replicas(stores: StoreUrls, gateway_secret: str) -> Iterator[tuple[str, str]]:
    """Two scheduling processes on one database: A takes writes, B serves subscribers."""
    with (
        serve_subprocess("subgraphs.scheduling.app:app") as a,
        serve_subprocess("subgraphs.scheduling.app:app") as b,
    ):
        yield a, b


class Stream:
    """One subscription's results (or its error), read with a deadline."""

    def __init__(self) -> None:
        self.received: asyncio.Queue[dict[str, Any] | Exception] = asyncio.Queue()

    async def next(self) -> dict[str, Any]:
        async with asyncio.timeout(WAIT):
            item = await self.received.get()
        if isinstance(item, Exception):
            raise item
        return item

    async def error(self) -> TransportQueryError:
        async with asyncio.timeout(WAIT):
            item = await self.received.get()
        assert isinstance(item, TransportQueryError), item
        return item


@contextlib.asynccontextmanager
async def subscribed(
    base: str,
    query: str,
    headers: dict[str, str],
    variables: dict[str, Any] | None = None,
) -> AsyncIterator[Stream]:
    transport = WebsocketsTransport(
        url=base.replace("http://", "ws://") + "/graphql",
        headers=headers,
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    stream = Stream()
    async with Client(transport=transport) as session:

        async def pump() -> None:
            try:
                request = GraphQLRequest(query, variable_values=variables)
                async for result in session.subscribe(request):
                    await stream.received.put(result)
            except Exception as exc:
                await stream.received.put(exc)

        task = asyncio.create_task(pump())
        try:
            yield stream
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _post(
    base: str, query: str, variables: dict[str, Any], viewer: Viewer, secret: str
) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers=gateway_identity_headers(viewer, secret),
        )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]


class Booker:
    """Books lessons through one process, each in a slot of its own."""

    def __init__(self, base: str, secret: str) -> None:
        self.base = base
        self.secret = secret
        self.slots = _slots()

    async def book(self, student: Viewer) -> str:
        start, end = next(self.slots)
        data = await _post(self.base, BOOK, book_vars(start, end), student, self.secret)
        booking_id: str = data["bookLesson"]["id"]
        return booking_id

    async def cancel(self, booking_id: str, student: Viewer) -> None:
        await _post(self.base, CANCEL, {"id": booking_id}, student, self.secret)


async def _until_listening(stream: Stream, act: Any) -> set[str]:
    """Acts until the stream shows an event: the subscription is then registered.

    A subscribe message has no acknowledgement in graphql-transport-ws, so the test cannot
    otherwise know when the subscriber is in place. Returns the booking ids the warm-up made;
    their events may still arrive, in order, before the test's own.
    """
    made: set[str] = set()
    async with asyncio.timeout(WAIT):
        while stream.received.empty():
            made.add(await act())
            await asyncio.sleep(0.2)
    return made


async def _events_until(stream: Stream, booking_id: str, skip: set[str]) -> list[dict[str, Any]]:
    """The stream's booking events up to and including `booking_id`'s, warm-up ones left out."""
    seen = []
    while True:
        event = (await stream.next())["bookingChanged"]
        if event["booking"]["id"] in skip:
            continue
        seen.append(event)
        if event["booking"]["id"] == booking_id:
            return seen


async def test_a_booking_through_one_process_reaches_subscribers_of_the_other(
    store: Store, replicas: tuple[str, str], gateway_secret: str
) -> None:
    a, b = replicas
    await store.replace_rules(TUTOR, BERLIN_RULES)
    booker = Booker(a, gateway_secret)
    student = gateway_identity_headers(STUDENT, gateway_secret)
    tutor = gateway_identity_headers(TUTOR_USER, gateway_secret)
    async with subscribed(b, BOOKINGS, student) as mine, subscribed(b, BOOKINGS, tutor) as theirs:
        warm = await _until_listening(mine, lambda: booker.book(STUDENT))
        warm |= await _until_listening(theirs, lambda: booker.book(STUDENT))
        lesson = await booker.book(STUDENT)
        await booker.cancel(lesson, STUDENT)
        booked = (await _events_until(mine, lesson, warm))[-1]
        cancelled = (await mine.next())["bookingChanged"]
        tutor_booked = (await _events_until(theirs, lesson, warm))[-1]
        tutor_cancelled = (await theirs.next())["bookingChanged"]
    assert booked == {
        "kind": "BOOKED",
        "booking": {
            "id": lesson,
            "status": "PENDING_PAYMENT",
            "tutor": {"id": TUTOR},
            "student": {"id": STUDENT.user_id},
        },
    }
    # Re-read after the commit: the event shows the committed state.
    assert cancelled["kind"] == "CANCELLED"
    assert cancelled["booking"]["id"] == lesson
    assert cancelled["booking"]["status"] == "CANCELLED"
    assert tutor_booked == booked
    assert tutor_cancelled == cancelled


async def test_a_student_never_receives_another_students_bookings(
    store: Store, replicas: tuple[str, str], gateway_secret: str
) -> None:
    a, b = replicas
    await store.replace_rules(TUTOR, BERLIN_RULES)
    booker = Booker(a, gateway_secret)
    with_identity = {
        who: gateway_identity_headers(who, gateway_secret)
        for who in (STUDENT, OTHER_STUDENT, ADMIN)
    }
    async with (
        subscribed(b, BOOKINGS, with_identity[STUDENT]) as mine,
        subscribed(b, BOOKINGS, with_identity[OTHER_STUDENT]) as others,
        subscribed(b, BOOKINGS, with_identity[ADMIN]) as admins,
    ):
        warm = await _until_listening(mine, lambda: booker.book(STUDENT))
        warm |= await _until_listening(others, lambda: booker.book(OTHER_STUDENT))
        warm |= await _until_listening(admins, lambda: booker.book(STUDENT))
        theirs = [await booker.book(OTHER_STUDENT) for _ in range(3)]
        # Announced after the other student's: had any reached `mine`, it would come first.
        sentinel = await booker.book(STUDENT)
        mine_seen = await _events_until(mine, sentinel, warm)
        others_seen = await _events_until(others, theirs[-1], warm)
        admin_seen = await _events_until(admins, sentinel, warm)
    assert [e["booking"]["id"] for e in mine_seen] == [sentinel]
    assert [e["booking"]["id"] for e in others_seen] == theirs
    assert [e["booking"]["id"] for e in admin_seen] == [*theirs, sentinel]


async def test_availability_changed_is_per_tutor(
    store: Store, replicas: tuple[str, str], gateway_secret: str
) -> None:
    a, b = replicas
    await store.replace_rules(TUTOR, BERLIN_RULES)
    booker = Booker(a, gateway_secret)
    admin = ADMIN

    async def set_rules(tutor_id: str) -> str:
        await _post(
            a, SET_RULES, {"tutorId": tutor_id, "rules": [MONDAY_RULE]}, admin, booker.secret
        )
        return tutor_id

    # Anonymous subscribers may follow a tutor's availability, like they may query it.
    async with (
        subscribed(b, AVAILABILITY, {}, {"tutorId": TUTOR}) as first,
        subscribed(b, AVAILABILITY, {}, {"tutorId": "tutor-0002"}) as second,
    ):
        await _until_listening(first, lambda: set_rules(TUTOR))
        await _until_listening(second, lambda: set_rules("tutor-0002"))
        await store.replace_rules(TUTOR, BERLIN_RULES)
        await set_rules("tutor-0002")
        await booker.book(STUDENT)  # tutor-0001's last event
        first_seen = await _availability_until(first, "BOOKED")
        second_seen = await _availability_until(second, "RULES_CHANGED")
    assert {e["tutorId"] for e in first_seen} == {TUTOR}
    assert {e["tutor"]["id"] for e in first_seen} == {TUTOR}
    # The tutor's fields are read per event, not from a cache of the connection.
    assert first_seen[-1]["tutor"]["availabilityRules"] == [
        {"weekday": "MONDAY"},
        {"weekday": "WEDNESDAY"},
    ]
    assert {e["tutorId"] for e in second_seen} == {"tutor-0002"}


async def _availability_until(stream: Stream, kind: str) -> list[dict[str, Any]]:
    seen = []
    while True:
        event = (await stream.next())["availabilityChanged"]
        seen.append(event)
        if event["kind"] == kind:
            return seen


async def test_anonymous_and_forged_booking_subscribers_are_refused(
    store: Store, replicas: tuple[str, str], gateway_secret: str
) -> None:
    _, b = replicas
    forged = gateway_identity_headers(ADMIN, "x" * 48)
    async with (
        subscribed(b, BOOKINGS, {}) as anonymous,
        subscribed(b, BOOKINGS, forged) as forger,
        subscribed(b, AVAILABILITY, {}, {"tutorId": "nobody"}) as bad_tutor,
    ):
        refusals = [await anonymous.error(), await forger.error()]
        bad_input = await bad_tutor.error()
    for refusal in refusals:
        assert refusal.errors is not None
        assert [e["extensions"]["code"] for e in refusal.errors] == ["UNAUTHENTICATED"]
    assert bad_input.errors is not None
    assert bad_input.errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
