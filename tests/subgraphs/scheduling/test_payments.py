"""Bookings and payments: a booking holds its slot PENDING_PAYMENT until a receipt confirms it;
a hold that ran out lapses when another booking wants the slot; cancelling a paid booking
tells payments (a signed notice over HTTP), and what payments did not take is sent again."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared.receipts import Paid, Receipt, sign_receipt, verify_notice
from shared.subgraph.courier import Courier
from subgraphs.scheduling.context import PaymentLinks
from subgraphs.scheduling.model import BookingStatus
from subgraphs.scheduling.notices import REFUND_MUTATION, RefundNotices
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import (
    ADMIN,
    BERLIN_RULES,
    BOOK,
    NOW,
    OTHER_STUDENT,
    STUDENT,
    TUTOR,
    book_vars,
    codes,
    run,
)
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

SECRET = secrets.token_bytes(32)
HOLD = timedelta(minutes=15)
LINKS = PaymentLinks(hold=HOLD, signing_secret=SECRET)
SLOT = ("2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z")
CONFIRM = "mutation($r: String!) { confirmBookingPayment(receipt: $r) { id status holdUntil } }"
CANCEL = "mutation($id: ID!) { cancelBooking(id: $id) { id status cancelledAt } }"
AVAILABILITY = """query($from: DateTime!, $to: DateTime!) {
  _entities(representations: [{__typename: "Tutor", id: "tutor-0001"}]) {
    ... on Tutor { availability(from: $from, to: $to) { start end } } } }"""


def receipt(
    booking_id: str,
    *,
    payment: str = "payment-1",
    paid: Paid = Paid.BOOKING,
    student: str = STUDENT.user_id,
    secret: bytes = SECRET,
) -> str:
    return sign_receipt(
        Receipt(
            payment_id=payment,
            paid=paid,
            reference=booking_id,
            student_id=student,
            tutor_id=TUTOR,
            amount_minor=5000,
            currency="USD",
            paid_at=NOW,
        ),
        secret,
    )


async def book(store: Store, slot: tuple[str, str] = SLOT, now: datetime = NOW) -> str:
    result = await run(store, BOOK, book_vars(*slot), viewer=STUDENT, now=now, payments=LINKS)
    assert result.errors is None, result.errors
    return str(result.data["bookLesson"]["id"])


async def free_times(store: Store, now: datetime = NOW) -> list[dict[str, str]]:
    window = {"from": "2026-12-07T08:00:00Z", "to": "2026-12-07T11:00:00Z"}
    result = await run(store, AVAILABILITY, window, now=now)
    assert result.errors is None, result.errors
    return list(result.data["_entities"][0]["availability"])


@pytest.fixture
async def ruled(store: Store) -> Store:
    await store.replace_rules(TUTOR, BERLIN_RULES)
    return store


async def test_a_receipt_confirms_the_pending_booking_once(ruled: Store) -> None:
    booking = await book(ruled)
    pending = await run(
        ruled,
        "query($id: ID!) { booking(id: $id) { status holdUntil } }",
        {"id": booking},
        viewer=STUDENT,
    )
    assert pending.data == {
        "booking": {"status": "PENDING_PAYMENT", "holdUntil": (NOW + HOLD).isoformat()}
    }
    token = receipt(booking)
    # Payments delivers it server to server (no viewer); the student may deliver it too.
    first = await run(ruled, CONFIRM, {"r": token}, payments=LINKS)
    again = await run(ruled, CONFIRM, {"r": token}, viewer=STUDENT, payments=LINKS)
    expected = {"confirmBookingPayment": {"id": booking, "status": "CONFIRMED", "holdUntil": None}}
    assert first.data == expected
    assert again.data == expected
    other = await run(ruled, CONFIRM, {"r": receipt(booking, payment="payment-2")}, payments=LINKS)
    assert codes(other) == ["CONFLICT"]


async def test_concurrent_deliveries_of_one_receipt_all_see_it_confirmed(ruled: Store) -> None:
    booking = await book(ruled)
    token = receipt(booking)
    results = await asyncio.gather(
        *(run(ruled, CONFIRM, {"r": token}, payments=LINKS) for _ in range(6))
    )
    assert [r.errors for r in results] == [None] * 6
    assert {r.data["confirmBookingPayment"]["status"] for r in results} == {"CONFIRMED"}
    stored = (await ruled.bookings_by_id([booking]))[booking]
    assert (stored.status, stored.payment_id) == (BookingStatus.CONFIRMED, "payment-1")


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda b: receipt(b, secret=secrets.token_bytes(32)), "INVALID_RECEIPT"),
        (
            lambda b: receipt(b)[:-2] + ("AA" if not receipt(b).endswith("AA") else "BB"),
            "INVALID_RECEIPT",
        ),
        (lambda b: "not-a-receipt", "INVALID_RECEIPT"),
        (lambda b: receipt(b, paid=Paid.ENROLLMENT), "INVALID_RECEIPT"),
        (lambda b: receipt(b, student=OTHER_STUDENT.user_id), "INVALID_RECEIPT"),
        (lambda b: receipt("booking-unknown"), "NOT_FOUND"),
    ],
    ids=["foreign-key", "altered", "garbage", "course-receipt", "other-student", "unknown"],
)
async def test_a_receipt_that_does_not_pay_for_this_booking_is_refused(
    ruled: Store, make: Any, code: str
) -> None:
    booking = await book(ruled)
    result = await run(ruled, CONFIRM, {"r": make(booking)}, payments=LINKS)
    assert codes(result) == [code]
    assert (await ruled.bookings_by_id([booking]))[booking].status is BookingStatus.PENDING_PAYMENT


async def test_only_the_student_or_an_admin_may_deliver_a_receipt(ruled: Store) -> None:
    booking = await book(ruled)
    token = receipt(booking)
    refused = await run(ruled, CONFIRM, {"r": token}, viewer=OTHER_STUDENT, payments=LINKS)
    assert codes(refused) == ["FORBIDDEN"]
    by_admin = await run(ruled, CONFIRM, {"r": token}, viewer=ADMIN, payments=LINKS)
    assert by_admin.data["confirmBookingPayment"]["status"] == "CONFIRMED"


async def test_a_payment_for_a_booking_cancelled_meanwhile_is_a_conflict(ruled: Store) -> None:
    booking = await book(ruled)
    cancelled = await run(ruled, CANCEL, {"id": booking}, viewer=STUDENT, payments=LINKS)
    assert cancelled.data["cancelBooking"]["status"] == "CANCELLED"
    assert cancelled.data["cancelBooking"]["cancelledAt"] == NOW.isoformat()
    late = await run(ruled, CONFIRM, {"r": receipt(booking)}, payments=LINKS)
    assert codes(late) == ["CONFLICT"]


async def test_a_running_hold_keeps_the_slot_and_a_lapsed_one_gives_it_up(ruled: Store) -> None:
    everything = [{"start": "2026-12-07T08:00:00+00:00", "end": "2026-12-07T11:00:00+00:00"}]
    held = await book(ruled)
    assert await free_times(ruled) == [
        {"start": "2026-12-07T09:00:00+00:00", "end": "2026-12-07T11:00:00+00:00"}
    ]
    during = await run(
        ruled,
        BOOK,
        book_vars(*SLOT),
        viewer=OTHER_STUDENT,
        payments=LINKS,
        now=NOW + HOLD - timedelta(seconds=1),
    )
    assert codes(during) == ["CONFLICT"]
    later = NOW + HOLD
    assert await free_times(ruled, later) == everything
    # A late payment still confirms a lapsed hold nobody claimed...
    unclaimed = await book(ruled, ("2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z"))
    late = await run(
        ruled, CONFIRM, {"r": receipt(unclaimed, payment="p-late")}, payments=LINKS, now=later
    )
    assert late.data["confirmBookingPayment"]["status"] == "CONFIRMED"
    # ...but once another student books the slot, the lapsed hold is cancelled for them.
    taken = await run(
        ruled, BOOK, book_vars(*SLOT), viewer=OTHER_STUDENT, payments=LINKS, now=later
    )
    assert taken.errors is None
    lapsed = (await ruled.bookings_by_id([held]))[held]
    assert (lapsed.status, lapsed.cancelled_at) == (BookingStatus.CANCELLED, later)
    assert codes(await run(ruled, CONFIRM, {"r": receipt(held)}, payments=LINKS)) == ["CONFLICT"]


class Payments:
    """A payments endpoint on a real socket that records the notices it is sent and answers
    as told: "ok", "down" (HTTP 503), or "refuse" (a GraphQL error with a final code)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.notices: list[str] = []

    def app(self) -> Starlette:
        async def graphql(request: Request) -> Response:
            body = await request.json()
            if self.mode == "down":
                return Response(status_code=503)
            self.notices.append(body["variables"]["token"])
            if self.mode == "refuse":
                error = {"message": "no", "extensions": {"code": "BAD_USER_INPUT"}}
                return JSONResponse({"data": None, "errors": [error]})
            answer = {"id": "payment-1", "status": "REFUNDED"}
            return JSONResponse({"data": {"refundCancelledBooking": answer}})

        async def health(_: Request) -> Response:
            return Response("ok")

        return Starlette(
            routes=[Route("/graphql", graphql, methods=["POST"]), Route("/health", health)]
        )


@pytest.fixture
def payments() -> Iterator[tuple[Payments, str]]:
    receiver = Payments()
    with serve_in_thread(receiver.app()) as base:
        yield receiver, base + "/graphql"


async def test_cancelling_a_paid_booking_sends_payments_a_signed_notice_until_it_is_taken(
    ruled: Store, payments: tuple[Payments, str]
) -> None:
    receiver, url = payments
    courier = Courier(
        name="payments", url=url, mutation=REFUND_MUTATION, secret="s" * 32, timeout=5
    )
    notices = RefundNotices(store=ruled, courier=courier, secret=SECRET, clock=lambda: NOW)
    links = PaymentLinks(hold=HOLD, signing_secret=SECRET, notices=notices)
    try:
        paid = [
            await book(ruled, (f"2026-12-07T0{h}:00:00Z", f"2026-12-07T0{h}:30:00Z"))
            for h in (8, 9)
        ]
        for n, booking in enumerate(paid):
            await run(ruled, CONFIRM, {"r": receipt(booking, payment=f"p{n}")}, payments=links)
        unpaid = await book(ruled, ("2026-12-07T10:00:00Z", "2026-12-07T10:30:00Z"))

        receiver.mode = "down"
        cancel_at = datetime(2026, 12, 5, 9, tzinfo=UTC)
        for booking in (*paid, unpaid):
            result = await run(
                ruled, CANCEL, {"id": booking}, viewer=STUDENT, payments=links, now=cancel_at
            )
            assert result.data["cancelBooking"]["status"] == "CANCELLED"
        # Payments was down: the cancellations stand, their notices are due; none for unpaid.
        assert {b.id for b in await ruled.refund_notices_due(10)} == set(paid)
        assert await notices.sweep() == 0

        receiver.mode = "ok"
        assert await notices.sweep() == 2
        assert await ruled.refund_notices_due(10) == ()
        sent = [verify_notice(token, SECRET) for token in receiver.notices]
        assert sorted(n.booking_id for n in sent) == sorted(paid)
        first = next(n for n in sent if n.booking_id == paid[0])
        assert (first.student_id, first.tutor_id) == (STUDENT.user_id, TUTOR)
        assert (first.start, first.cancelled_at) == (
            datetime(2026, 12, 7, 8, tzinfo=UTC),
            cancel_at,
        )
        assert await notices.sweep() == 0  # nothing is sent twice once taken
        assert len(receiver.notices) == 2
    finally:
        await notices.close()


async def test_a_refused_notice_is_not_sent_again(
    ruled: Store, payments: tuple[Payments, str]
) -> None:
    receiver, url = payments
    receiver.mode = "refuse"
    courier = Courier(
        name="payments", url=url, mutation=REFUND_MUTATION, secret="s" * 32, timeout=5
    )
    notices = RefundNotices(store=ruled, courier=courier, secret=SECRET, clock=lambda: NOW)
    links = PaymentLinks(hold=HOLD, signing_secret=SECRET, notices=notices)
    try:
        booking = await book(ruled)
        await run(ruled, CONFIRM, {"r": receipt(booking)}, payments=links)
        await run(ruled, CANCEL, {"id": booking}, viewer=STUDENT, payments=links)
        assert len(receiver.notices) == 1
        assert await ruled.refund_notices_due(10) == ()
        assert await notices.sweep() == 0
        assert len(receiver.notices) == 1
    finally:
        await notices.close()
