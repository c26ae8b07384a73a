"""Paying through the store and the stand-in: a quote pays once, however many attempts race; a
decline leaves the booking payable; webhooks settle payments once, however often they come,
and race the client's confirmation to one state."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
import stripe

from shared.errors import BadUserInput, Conflict, Forbidden
from subgraphs.payments.ledger import TransactionKind
from subgraphs.payments.model import PaymentStatus, Purpose
from subgraphs.payments.money import DEFAULT_COMMISSION, Money
from subgraphs.payments.provider import Provider, ProviderEvent
from subgraphs.payments.quotes import Quote, sign
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.helpers import CARD, DECLINED, TUTOR, card_method, webhooks

SECRET = b"quote-secret-for-the-service-tests"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
STUDENT = "user-0201"


def _quote(booking: str = "booking-1", price: int = 5_000, student: str = STUDENT) -> str:
    quote = Quote(
        purpose=Purpose.BOOKING,
        reference=booking,
        student_id=student,
        tutor_id=TUTOR,
        amount=Money(minor=price, currency="EUR"),
        expires_at=NOW + timedelta(minutes=15),
    )
    return sign(quote, SECRET)


@pytest.fixture
async def payments(store: Store, provider: Provider) -> Payments:
    return Payments(
        store=store,
        provider=provider,
        commission=DEFAULT_COMMISSION,
        quote_secret=SECRET,
        clock=lambda: NOW,
    )


async def _owed(store: Store) -> int:
    return (await store.tutor_balances([TUTOR], "EUR"))[TUTOR].minor


def _intents_for(stand_in: str, booking: str) -> list[str]:
    client = stripe.StripeClient("sk_test_local", base_addresses={"api": stand_in})
    found = client.v1.payment_intents.list(params={"limit": 100}).data
    return [
        i.status for i in found if i.metadata and i.metadata.to_dict().get("reference") == booking
    ]


async def test_a_paid_lesson_pays_the_tutor_eighty_percent(
    payments: Payments, store: Store, stand_in: str
) -> None:
    paid = await payments.pay(_quote(), await card_method(stand_in, CARD), STUDENT)
    assert paid.status is PaymentStatus.SUCCEEDED
    assert paid.provider_id is not None
    assert await _owed(store) == 4_000
    assert await store.imbalance() == {}


async def test_two_attempts_at_once_never_charge_twice(
    payments: Payments, store: Store, stand_in: str
) -> None:
    methods = [await card_method(stand_in, CARD) for _ in range(4)]
    attempts = [payments.pay(_quote("booking-race"), m, STUDENT) for m in methods]
    outcomes = await asyncio.gather(*attempts, return_exceptions=True)
    paid = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(paid) == 1
    assert all(isinstance(o, Conflict) for o in outcomes if isinstance(o, BaseException))
    assert _intents_for(stand_in, "booking-race") == ["succeeded"]  # one charge at the provider
    assert await _owed(store) == 4_000


async def test_a_declined_card_leaves_the_booking_payable(
    payments: Payments, store: Store, stand_in: str
) -> None:
    with pytest.raises(BadUserInput) as declined:
        await payments.pay(_quote("booking-2"), await card_method(stand_in, DECLINED), STUDENT)
    assert declined.value.code == "PAYMENT_DECLINED"
    assert await _owed(store) == 0
    paid = await payments.pay(_quote("booking-2"), await card_method(stand_in, CARD), STUDENT)
    assert paid.status is PaymentStatus.SUCCEEDED


async def test_quotes_are_checked_before_anything_is_charged(
    payments: Payments, stand_in: str
) -> None:
    method = await card_method(stand_in, CARD)
    with pytest.raises(Forbidden):
        await payments.pay(_quote("booking-3", student="user-0999"), method, STUDENT)
    altered_token = _quote("booking-3").replace(".", ".A", 1)[:-1]
    with pytest.raises(BadUserInput) as altered:
        await payments.pay(altered_token, method, STUDENT)
    assert altered.value.code == "INVALID_QUOTE"
    assert _intents_for(stand_in, "booking-3") == []


async def test_a_refund_gives_everything_back(
    payments: Payments, store: Store, stand_in: str
) -> None:
    paid = await payments.pay(_quote("booking-4"), await card_method(stand_in, CARD), STUDENT)
    refunded = await payments.refund(paid.id)
    assert refunded.status is PaymentStatus.REFUNDED
    assert await _owed(store) == 0
    with pytest.raises(BadUserInput):
        await payments.refund(paid.id)


async def test_a_repeated_webhook_is_acted_upon_once(
    payments: Payments, provider: Provider, store: Store, stand_in: str
) -> None:
    async with webhooks(stand_in) as received:
        paid = await payments.pay(_quote("booking-5"), await card_method(stand_in, CARD), STUDENT)
        while True:
            body, signature = await asyncio.wait_for(received.get(), timeout=10)
            event = provider.event(body, signature)
            if event.payment_id == paid.id and event.type == "payment_intent.succeeded":
                break
    handled = await asyncio.gather(*(payments.on_event(event) for _ in range(5)))
    handled.append(await payments.on_event(event))
    assert handled.count(True) == 1  # five deliveries at once, then one more: handled once
    kinds = [t.kind for t in await store.transactions(paid.id)]
    assert kinds == [TransactionKind.CHARGE]
    assert await _owed(store) == 4_000


async def test_a_webhook_racing_the_confirmation_ends_in_one_state(
    payments: Payments, store: Store, stand_in: str
) -> None:
    # The provider's news and the client's own confirmation of the same payment, at once.
    paid = await payments.pay(_quote("booking-6"), await card_method(stand_in, CARD), STUDENT)
    pending = dataclasses.replace(paid, id="payment-raced", reference="booking-7")
    await store.open(dataclasses.replace(pending, status=PaymentStatus.PENDING, provider_id=None))
    event = ProviderEvent(
        id="evt_raced", type="payment_intent.succeeded", intent_id=None, payment_id=pending.id
    )
    await asyncio.gather(
        payments.on_event(event), store.succeed(pending.id), return_exceptions=False
    )
    settled = await payments.payment(pending.id)
    assert settled.status is PaymentStatus.SUCCEEDED
    kinds = [t.kind for t in await store.transactions(pending.id)]
    assert kinds == [TransactionKind.CHARGE]
    assert await store.imbalance() == {}
