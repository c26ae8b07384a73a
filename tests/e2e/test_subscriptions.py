"""Subscriptions end to end: a lesson booked over HTTP reaches its student's subscription through
the gateway, each event completed with fields of three subgraphs (scheduling's booking, the
tutor's name from tutors → accounts, the student's display name from accounts), read with the
`gql` client over graphql-transport-ws."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from shared.seed import SEED_PASSWORD, students, tutors, users

pytestmark = pytest.mark.stores

WAIT = 20.0
SIGN_IN = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }"
BOOKINGS = """
subscription Bookings {
  bookingChanged {
    kind
    booking {
      id
      status
      tutor { id user { displayName } }
      student { id displayName }
    }
  }
}
"""
FREE = """
query Free($id: ID!, $from: DateTime!, $to: DateTime!) {
  tutor(id: $id) { availability(from: $from, to: $to) { start end } }
}
"""
BOOK = """
mutation Book($input: BookLessonInput!) { bookLesson(input: $input) { id } }
"""
CANCEL = "mutation Cancel($id: ID!) { cancelBooking(id: $id) { id } }"
# A window well after today, so the slots stay in the future whenever the suite runs.
WINDOW = {"from": "2027-09-06T00:00:00Z", "to": "2027-10-04T00:00:00Z"}


class Viewer:
    """A signed-in student: books lessons over HTTP and reads its subscription's events."""

    def __init__(self, gateway_url: str, index: int) -> None:
        self.user = students()[index]
        self.gateway_url = gateway_url
        self.token = ""
        self.events: asyncio.Queue[dict[str, Any] | BaseException] = asyncio.Queue()
        self.booked: list[str] = []

    async def post(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(
                self.gateway_url, json={"query": query, "variables": variables}, headers=headers
            )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body["data"]

    async def sign_in(self) -> None:
        data = await self.post(SIGN_IN, {"e": self.user.email, "p": SEED_PASSWORD})
        self.token = data["signIn"]["token"]

    async def book(self, tutor_id: str) -> str:
        """Books the first free half hour of `tutor_id` in the window."""
        free = await self.post(FREE, {"id": tutor_id, **WINDOW})
        slot = free["tutor"]["availability"][0]
        start = datetime.fromisoformat(slot["start"].replace("Z", "+00:00"))
        end = (start + timedelta(minutes=30)).isoformat().replace("+00:00", "Z")
        data = await self.post(
            BOOK, {"input": {"tutorId": tutor_id, "start": slot["start"], "end": end}}
        )
        booking_id: str = data["bookLesson"]["id"]
        self.booked.append(booking_id)
        return booking_id

    async def next_event(self, wait: float = WAIT) -> dict[str, Any]:
        async with asyncio.timeout(wait):
            item = await self.events.get()
        if isinstance(item, BaseException):
            raise item
        event: dict[str, Any] = item["bookingChanged"]
        return event

    @contextlib.asynccontextmanager
    async def subscribed(self) -> AsyncIterator[None]:
        transport = WebsocketsTransport(
            url=self.gateway_url.replace("http://", "ws://"),
            init_payload={"Authorization": f"Bearer {self.token}"},
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        )
        async with Client(transport=transport) as session:

            async def pump() -> None:
                try:
                    async for result in session.subscribe(GraphQLRequest(BOOKINGS)):
                        await self.events.put(result)
                except Exception as error:
                    await self.events.put(error)

            task = asyncio.create_task(pump())
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


async def _until_heard(viewer: Viewer, act: Callable[[], Awaitable[str]]) -> dict[str, Any]:
    """Acts until the viewer's subscription shows an event, and returns that event.

    graphql-transport-ws does not acknowledge a subscribe message, so the only sign that the
    subscription is in place (gateway and subgraph) is an event arriving.
    """
    async with asyncio.timeout(WAIT):
        while True:
            await act()
            with contextlib.suppress(TimeoutError):
                return await viewer.next_event(0.5)


async def test_a_booking_reaches_its_student_with_fields_of_three_subgraphs(
    gateway_url: str,
) -> None:
    tutor = tutors()[41]
    tutor_name = next(u.display_name for u in users() if u.id == tutor.user_id)
    ada, bob = Viewer(gateway_url, 120), Viewer(gateway_url, 121)
    await ada.sign_in()
    await bob.sign_in()
    async with ada.subscribed(), bob.subscribed():
        event = await _until_heard(ada, lambda: ada.book(tutor.id))
        assert event["kind"] == "BOOKED"
        booking = event["booking"]
        assert booking["id"] in ada.booked
        assert booking["status"] == "PENDING_PAYMENT"
        assert booking["tutor"] == {"id": tutor.id, "user": {"displayName": tutor_name}}
        assert booking["student"] == {"id": ada.user.id, "displayName": ada.user.display_name}

        # Bob listened all along: the first booking he hears of is his own, never Ada's.
        heard = await _until_heard(bob, lambda: bob.book(tutor.id))
        assert heard["booking"]["id"] in bob.booked
        assert heard["booking"]["student"]["id"] == bob.user.id

        # A cancellation over HTTP reaches Ada too.
        cancelled = ada.booked[-1]
        await ada.post(CANCEL, {"id": cancelled})
        while True:
            event = await ada.next_event()
            if event["booking"]["id"] == cancelled and event["kind"] == "CANCELLED":
                break
            assert event["booking"]["student"]["id"] == ada.user.id
        assert event["booking"]["status"] == "CANCELLED"
        assert event["booking"]["tutor"]["user"]["displayName"] == tutor_name
    while not bob.events.empty():
        item = bob.events.get_nowait()
        assert not isinstance(item, BaseException), item
        assert item["bookingChanged"]["booking"]["student"]["id"] == bob.user.id
    for viewer in (ada, bob):
        for booking_id in viewer.booked[:-1] if viewer is ada else viewer.booked:
            await viewer.post(CANCEL, {"id": booking_id})


async def test_a_subscription_without_a_token_is_refused(gateway_url: str) -> None:
    transport = WebsocketsTransport(
        url=gateway_url.replace("http://", "ws://"),
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    async with Client(transport=transport) as session:
        with pytest.raises(TransportQueryError, match="UNAUTHORIZED_FIELD_OR_TYPE"):
            async for _ in session.subscribe(GraphQLRequest(BOOKINGS)):
                pass
