"""Receipts delivered to the real owners of what was paid for, over real sockets: scheduling
confirms the booking, learning enrolls the student; an owner that is down gets the receipt from
the sweep later; an owner that says it cannot be had (the booking was cancelled, the course is
gone) makes the payment refunded in full."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
import stripe

from shared.stores import StoreUrls
from subgraphs.learning.app import build_app as learning_app
from subgraphs.learning.model import Enrollment
from subgraphs.learning.settings import Settings as LearningSettings
from subgraphs.learning.store import Store as LearningStore
from subgraphs.payments.ledger import TransactionKind
from subgraphs.payments.model import PaymentStatus
from subgraphs.payments.owners import CourierOwners
from subgraphs.payments.provider import Provider
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from subgraphs.scheduling.app import build_app as scheduling_app
from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.settings import Settings as SchedulingSettings
from subgraphs.scheduling.store import Store as SchedulingStore
from tests.subgraphs.learning.helpers import put_course
from tests.subgraphs.payments.api import (
    NOW,
    SECRET,
    STUDENT,
    TUTOR_ID,
    checkout,
    course,
    lesson,
    make_payments,
    pay,
)
from tests.subgraphs.payments.helpers import CARD, card_method
from tests.support.servers import free_port, serve_in_thread

pytestmark = pytest.mark.stores

START = NOW + timedelta(days=2)


@pytest.fixture
async def scheduling(stores: StoreUrls) -> AsyncIterator[SchedulingStore]:
    store = SchedulingStore.connect(SchedulingSettings.from_env())
    await store.migrate()
    await store.reset()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def learning(stores: StoreUrls) -> AsyncIterator[LearningStore]:
    store = LearningStore.connect(LearningSettings(database_url=stores.postgres_url("learning")))
    await store.migrate()
    await store.reset()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def owners_served(
    scheduling: SchedulingStore, learning: LearningStore, stores: StoreUrls, gateway_secret: str
) -> Iterator[tuple[str, str]]:
    """The real scheduling and learning apps, verifying receipts under the tests' secret."""
    booked = scheduling_app(secret=gateway_secret, clock=lambda: NOW, signing=SECRET)
    learned = learning_app(
        LearningSettings(database_url=stores.postgres_url("learning")),
        secret=gateway_secret,
        receipt_secret=SECRET,
        clock=lambda: NOW,
    )
    with serve_in_thread(booked) as scheduling_base, serve_in_thread(learned) as learning_base:
        yield f"{scheduling_base}/graphql", f"{learning_base}/graphql"


@pytest.fixture
async def delivering(
    store: Store, provider: Provider, owners_served: tuple[str, str], gateway_secret: str
) -> AsyncIterator[Payments]:
    """Payments delivering its receipts to the served owners."""
    scheduling_url, learning_url = owners_served
    owners = CourierOwners(
        scheduling_url=scheduling_url,
        learning_url=learning_url,
        secret=gateway_secret,
        timeout=10,
    )
    try:
        yield make_payments(store, provider, owners=owners)
    finally:
        await owners.close()


async def _pending(scheduling: SchedulingStore, booking_id: str) -> None:
    await scheduling.load(
        [],
        [
            Booking(
                id=booking_id,
                tutor_id=TUTOR_ID,
                student_id=STUDENT.user_id,
                start=START,
                end=START + timedelta(minutes=90),
                status=BookingStatus.PENDING_PAYMENT,
                created_at=NOW - timedelta(minutes=1),
                hold_until=NOW + timedelta(minutes=14),
            )
        ],
    )


async def _booking(scheduling: SchedulingStore, booking_id: str) -> Booking:
    return (await scheduling.bookings_by_id([booking_id]))[booking_id]


async def _pay_lesson(payments: Payments, store: Store, stand_in: str, booking_id: str) -> dict:
    quote = (await checkout(payments, store, lesson(booking_id, start=START)))["quote"]
    result = await pay(payments, store, quote, await card_method(stand_in, CARD))
    assert result.errors is None, result.errors
    paid: dict = result.data["pay"]
    return paid


async def test_a_paid_lesson_confirms_the_booking_in_scheduling(
    delivering: Payments, store: Store, scheduling: SchedulingStore, stand_in: str
) -> None:
    await _pending(scheduling, "booking-r1")
    paid = await _pay_lesson(delivering, store, stand_in, "booking-r1")
    assert paid["status"] == "SUCCEEDED"
    confirmed = await _booking(scheduling, "booking-r1")
    assert (confirmed.status, confirmed.payment_id) == (BookingStatus.CONFIRMED, paid["id"])
    assert await store.receipts_due(10) == ()
    assert await delivering.sweep_receipts() == 0  # taken: never sent again


async def test_a_paid_course_enrolls_the_student_in_learning(
    delivering: Payments, store: Store, learning: LearningStore, stand_in: str
) -> None:
    await put_course(learning)  # course-1 by tutor-0007, 49.00 USD, published
    quote = (await checkout(delivering, store, course("course-1")))["quote"]
    result = await pay(delivering, store, quote, await card_method(stand_in, CARD))
    assert result.data["pay"]["status"] == "SUCCEEDED"
    enrolled = (await learning.enrollments_of([STUDENT.user_id]))[STUDENT.user_id]
    assert [(e.course_id, e.payment_id) for e in enrolled] == [
        ("course-1", result.data["pay"]["id"])
    ]
    assert await store.receipts_due(10) == ()


async def test_an_owner_that_is_down_gets_the_receipt_from_the_sweep(
    store: Store,
    provider: Provider,
    delivering: Payments,
    scheduling: SchedulingStore,
    stand_in: str,
    gateway_secret: str,
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/graphql"
    down = CourierOwners(
        scheduling_url=nowhere, learning_url=nowhere, secret=gateway_secret, timeout=2
    )
    try:
        await _pending(scheduling, "booking-r2")
        paid = await _pay_lesson(
            make_payments(store, provider, owners=down), store, stand_in, "booking-r2"
        )
    finally:
        await down.close()
    assert paid["status"] == "SUCCEEDED"  # paid, whatever the owner's state
    assert [p.id for p in await store.receipts_due(10)] == [paid["id"]]
    assert (await _booking(scheduling, "booking-r2")).status is BookingStatus.PENDING_PAYMENT

    assert await delivering.sweep_receipts() == 1  # scheduling is up again
    confirmed = await _booking(scheduling, "booking-r2")
    assert (confirmed.status, confirmed.payment_id) == (BookingStatus.CONFIRMED, paid["id"])
    assert await store.receipts_due(10) == ()
    assert await delivering.sweep_receipts() == 0


async def test_a_booking_cancelled_before_its_payment_arrives_is_refunded_in_full(
    delivering: Payments, store: Store, scheduling: SchedulingStore, stand_in: str
) -> None:
    await _pending(scheduling, "booking-r3")
    quote = (await checkout(delivering, store, lesson("booking-r3", start=START)))["quote"]
    await scheduling.cancel("booking-r3", NOW)  # the hold is given up while the student pays
    result = await pay(delivering, store, quote, await card_method(stand_in, CARD))
    paid = result.data["pay"]
    assert paid["status"] == "REFUNDED"
    assert paid["receipt"] is None
    kinds = [t.kind for t in await store.transactions(paid["id"])]
    assert kinds == [TransactionKind.CHARGE, TransactionKind.REFUND]
    assert (await store.tutor_balances([TUTOR_ID], "USD"))[TUTOR_ID].minor == 0
    assert await store.imbalance() == {}
    assert await store.receipts_due(10) == ()
    assert (await _booking(scheduling, "booking-r3")).status is BookingStatus.CANCELLED
    stored = (await store.payments_by_id([paid["id"]]))[paid["id"]]
    client = stripe.StripeClient("sk_test_local", base_addresses={"api": stand_in})
    refunds = client.v1.refunds.list(params={"payment_intent": stored.provider_id}).data
    assert [r.amount for r in refunds] == [6825]


async def test_a_course_gone_before_its_payment_arrives_is_refunded_in_full(
    delivering: Payments, store: Store, learning: LearningStore, stand_in: str
) -> None:
    await put_course(learning, published=False)  # unpublished after the student checked out
    quote = (await checkout(delivering, store, course("course-1")))["quote"]
    result = await pay(delivering, store, quote, await card_method(stand_in, CARD))
    assert result.data["pay"]["status"] == "REFUNDED"
    assert (await learning.enrollments_of([STUDENT.user_id]))[STUDENT.user_id] == ()
    assert await store.imbalance() == {}


async def test_a_course_the_student_already_has_is_refunded_in_full(
    delivering: Payments, store: Store, learning: LearningStore, stand_in: str
) -> None:
    await put_course(learning)
    earlier = Enrollment(
        id="enrollment-earlier",
        course_id="course-1",
        student_id=STUDENT.user_id,
        payment_id="payment-earlier",
        enrolled_at=NOW - timedelta(days=1),
    )
    await learning.enroll(earlier)  # bought before, with a payment this store does not hold
    quote = (await checkout(delivering, store, course("course-1")))["quote"]
    result = await pay(delivering, store, quote, await card_method(stand_in, CARD))
    assert result.data["pay"]["status"] == "REFUNDED"
    enrolled = (await learning.enrollments_of([STUDENT.user_id]))[STUDENT.user_id]
    assert [e.payment_id for e in enrolled] == ["payment-earlier"]


async def test_a_receipt_refused_for_another_reason_is_kept_paid_and_not_sent_again(
    store: Store,
    provider: Provider,
    scheduling: SchedulingStore,
    stand_in: str,
    gateway_secret: str,
) -> None:
    # A scheduling that verifies receipts under another key: INVALID_RECEIPT, for good.
    foreign = scheduling_app(secret=gateway_secret, clock=lambda: NOW, signing=b"k" * 40)
    with serve_in_thread(foreign) as base:
        owners = CourierOwners(
            scheduling_url=f"{base}/graphql",
            learning_url=f"{base}/graphql",
            secret=gateway_secret,
            timeout=10,
        )
        try:
            await _pending(scheduling, "booking-r4")
            payments = make_payments(store, provider, owners=owners)
            paid = await _pay_lesson(payments, store, stand_in, "booking-r4")
            assert paid["status"] == "SUCCEEDED"
            assert await store.receipts_due(10) == ()
            assert await payments.sweep_receipts() == 0
        finally:
            await owners.close()
    stored = (await store.payments_by_id([paid["id"]]))[paid["id"]]
    assert stored.status is PaymentStatus.SUCCEEDED
