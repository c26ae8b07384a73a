"""`pay` through the schema against the stand-in: a quote pays once, a declined or unknown card
charges nothing and leaves the booking payable, two payers at once make one charge."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import stripe

from shared.receipts import Paid, verify_receipt
from subgraphs.payments.ledger import TransactionKind
from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.provider import Provider, ProviderSettings
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import (
    ADMIN,
    NOW,
    OTHER_STUDENT,
    SECRET,
    STUDENT,
    TUTOR_ID,
    TUTOR_USER,
    checkout,
    codes,
    course,
    lesson,
    make_payments,
    pay,
    run,
)
from tests.subgraphs.payments.helpers import CARD, DECLINED, card_method
from tests.support.servers import free_port

pytestmark = pytest.mark.stores

MINE = """{ _entities(representations: [{__typename: "User", id: "user-0300"}]) {
  ... on User { payments { totalCount edges { node { id status booking { id } } } } } } }"""


def _intents_for(stand_in: str, reference: str) -> list[str]:
    client = stripe.StripeClient("sk_test_local", base_addresses={"api": stand_in})
    found = client.v1.payment_intents.list(params={"limit": 100}).data
    return [
        i.status for i in found if i.metadata and i.metadata.to_dict().get("reference") == reference
    ]


async def _attempts(store: Store, booking: str) -> tuple[Payment, ...]:
    """The booking's payments, newest first."""
    return (await store.payments_for(Purpose.BOOKING, [booking]))[booking]


async def test_paying_a_lesson_charges_it_and_books_the_split(
    service: Payments, store: Store, stand_in: str
) -> None:
    quote = (await checkout(service, store, lesson("booking-paid", rate="50.00", minutes=60)))[
        "quote"
    ]
    result = await pay(service, store, quote, await card_method(stand_in, CARD))
    assert result.errors is None, result.errors
    paid = result.data["pay"]
    assert paid["id"].startswith("payment-")
    assert (paid["purpose"], paid["status"]) == ("BOOKING", "SUCCEEDED")
    assert paid["amount"] == {"amount": "50.00", "currency": "USD"}
    assert (paid["commission"], paid["tutorPayout"]) == ({"amount": "10.00"}, {"amount": "40.00"})
    assert (paid["booking"], paid["course"]) == ({"id": "booking-paid"}, None)
    assert (paid["student"], paid["tutor"]) == ({"id": STUDENT.user_id}, {"id": TUTOR_ID})
    receipt = verify_receipt(paid["receipt"], SECRET)
    assert (receipt.payment_id, receipt.paid, receipt.reference) == (
        paid["id"],
        Paid.BOOKING,
        "booking-paid",
    )
    assert (receipt.amount_minor, receipt.currency) == (5000, "USD")
    assert _intents_for(stand_in, "booking-paid") == ["succeeded"]
    kinds = [t.kind for t in await store.transactions(paid["id"])]
    assert kinds == [TransactionKind.CHARGE]
    assert (await store.tutor_balances([TUTOR_ID], "USD"))[TUTOR_ID].minor == 4000
    # Paid once: the same quote again is refused before anything reaches the provider.
    again = await pay(service, store, quote, await card_method(stand_in, CARD))
    assert codes(again) == ["ALREADY_PAID"]
    assert _intents_for(stand_in, "booking-paid") == ["succeeded"]


async def test_paying_a_course_enrolls_nobody_without_an_owner_but_is_paid(
    service: Payments, store: Store, stand_in: str
) -> None:
    quote = (await checkout(service, store, course("course-paid")))["quote"]
    result = await pay(service, store, quote, await card_method(stand_in, CARD))
    assert result.errors is None, result.errors
    assert result.data["pay"]["purpose"] == "ENROLLMENT"
    assert result.data["pay"]["course"] == {"id": "course-paid"}
    assert verify_receipt(result.data["pay"]["receipt"], SECRET).paid is Paid.ENROLLMENT


async def test_a_declined_card_fails_the_payment_and_another_attempt_may_pay(
    service: Payments, store: Store, stand_in: str
) -> None:
    quote = (await checkout(service, store, lesson("booking-declined")))["quote"]
    declined = await pay(service, store, quote, await card_method(stand_in, DECLINED))
    assert codes(declined) == ["PAYMENT_DECLINED"]
    assert declined.errors[0].extensions["reason"] == "card_declined"
    assert declined.data is None
    assert (await store.tutor_balances([TUTOR_ID], "USD"))[TUTOR_ID].minor == 0
    failed = (await _attempts(store, "booking-declined"))[0]
    assert failed.status is PaymentStatus.FAILED
    assert await store.transactions(failed.id) == ()

    second = await pay(service, store, quote, await card_method(stand_in, CARD))
    assert second.data["pay"]["status"] == "SUCCEEDED"
    mine = await run(service, store, MINE, viewer=STUDENT)
    nodes = [e["node"] for e in mine.data["_entities"][0]["payments"]["edges"]]
    assert sorted(n["status"] for n in nodes) == ["FAILED", "SUCCEEDED"]  # at one instant
    assert {n["booking"]["id"] for n in nodes} == {"booking-declined"}


@pytest.mark.parametrize("method", ["pm_does_not_exist", "pm_" + "x" * 200])
async def test_an_unknown_payment_method_charges_nothing_and_leaves_the_booking_payable(
    service: Payments, store: Store, stand_in: str, method: str
) -> None:
    quote = (await checkout(service, store, lesson("booking-unknown-card")))["quote"]
    refused = await pay(service, store, quote, method)
    assert codes(refused) == ["PAYMENT_DECLINED"]
    attempt = (await _attempts(store, "booking-unknown-card"))[0]
    assert attempt.status is PaymentStatus.FAILED
    paid = await pay(service, store, quote, await card_method(stand_in, CARD))
    assert paid.data["pay"]["status"] == "SUCCEEDED"


async def test_two_payers_at_once_make_one_charge(
    service: Payments, store: Store, stand_in: str
) -> None:
    quote = (await checkout(service, store, lesson("booking-pay-race")))["quote"]
    methods = [await card_method(stand_in, CARD) for _ in range(2)]
    results = await asyncio.gather(*(pay(service, store, quote, m) for m in methods))
    outcomes = sorted((r.data["pay"]["status"] if r.data else codes(r)[0]) or "" for r in results)
    assert outcomes == ["ALREADY_PAID", "SUCCEEDED"]
    assert _intents_for(stand_in, "booking-pay-race") == ["succeeded"]  # one charge at the provider
    assert (await store.tutor_balances([TUTOR_ID], "USD"))[TUTOR_ID].minor == 5460


async def test_quotes_and_payers_are_checked_before_anything_is_charged(
    store: Store, service: Payments, stand_in: str
) -> None:
    method = await card_method(stand_in, CARD)
    quote = (await checkout(service, store, lesson("booking-checked")))["quote"]
    other = await pay(service, store, quote, method, viewer=OTHER_STUDENT)
    admin = await pay(service, store, quote, method, viewer=ADMIN)
    tutor = await pay(service, store, quote, method, viewer=TUTOR_USER)
    anonymous = await run(
        service,
        store,
        'mutation($q: String!) { pay(input: {quote: $q, paymentMethod: "pm_x"}) { id } }',
        {"q": quote},
    )
    altered = await pay(
        service, store, quote[:-3] + ("AAA" if quote[-3:] != "AAA" else "BBB"), method
    )
    garbage = await pay(service, store, "not-a-quote", method)
    assert [codes(r) for r in (other, admin, tutor, anonymous, altered, garbage)] == [
        ["FORBIDDEN"],
        ["FORBIDDEN"],
        ["FORBIDDEN"],
        ["UNAUTHENTICATED"],
        ["INVALID_QUOTE"],
        ["INVALID_QUOTE"],
    ]
    for blank in ("", "   ", "pm_é", "p" * 256):
        assert codes(await pay(service, store, quote, blank)) == ["BAD_USER_INPUT"]
    assert _intents_for(stand_in, "booking-checked") == []
    assert await store.count() == 0


async def test_an_expired_quote_is_refused(
    store: Store, service: Payments, provider: Provider
) -> None:
    quote = (await checkout(service, store, lesson("booking-late")))["quote"]
    later = make_payments(store, provider, now=NOW + timedelta(minutes=15))
    result = await pay(later, store, quote, "pm_card_visa")
    assert codes(result) == ["INVALID_QUOTE"]
    assert "expired" in result.errors[0].message


async def test_a_provider_that_does_not_answer_leaves_the_payment_pending(
    store: Store, service: Payments
) -> None:
    quote = (await checkout(service, store, lesson("booking-silent")))["quote"]
    silent = Provider(
        ProviderSettings(
            api_key="sk_test_local",
            webhook_secret="whsec_test_local",
            api_base=f"http://127.0.0.1:{free_port()}",
            timeout_seconds=2,
        )
    )
    try:
        unanswered = await pay(make_payments(store, silent), store, quote, "pm_card_visa")
    finally:
        await silent.close()
    assert codes(unanswered) == ["SERVICE_UNAVAILABLE"]
    # The charge may have gone through: pending, not failed, so no second charge can start.
    (attempt,) = await _attempts(store, "booking-silent")
    assert attempt.status is PaymentStatus.PENDING
    again = await pay(service, store, quote, "pm_card_visa")
    assert codes(again) == ["ALREADY_PAID"]
