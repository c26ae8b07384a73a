"""`refundCancelledBooking`: the cancellation policy applied to scheduling's signed notices: a
full refund when cancelled at least 24 hours before the start, none later, the same answer
however often (or however concurrently) the notice comes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import stripe

from shared.receipts import CancellationNotice, sign_notice
from subgraphs.payments.ledger import TransactionKind
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import (
    NOW,
    OTHER_STUDENT,
    SECRET,
    STUDENT,
    TUTOR_ID,
    checkout,
    codes,
    lesson,
    pay,
    run,
)
from tests.subgraphs.payments.helpers import CARD, DECLINED, card_method

pytestmark = pytest.mark.stores

START = NOW + timedelta(days=3)
REFUND = "mutation($n: String!) { refundCancelledBooking(notice: $n) { id status } }"


def notice(
    booking: str,
    *,
    before: timedelta,
    student: str = STUDENT.user_id,
    secret: bytes = SECRET,
) -> str:
    """Scheduling's notice that `booking` was cancelled `before` its start."""
    return sign_notice(
        CancellationNotice(
            booking_id=booking,
            student_id=student,
            tutor_id=TUTOR_ID,
            start=START,
            cancelled_at=START - before,
        ),
        secret,
    )


async def _paid(service: Payments, store: Store, stand_in: str, booking: str) -> str:
    quote = (await checkout(service, store, lesson(booking, start=START)))["quote"]
    result = await pay(service, store, quote, await card_method(stand_in, CARD))
    assert result.data["pay"]["status"] == "SUCCEEDED", result.errors
    paid: str = result.data["pay"]["id"]
    return paid


async def _refund(service: Payments, store: Store, token: str) -> dict | None:
    result = await run(service, store, REFUND, {"n": token})
    assert result.errors is None, result.errors
    answer: dict | None = result.data["refundCancelledBooking"]
    return answer


def _provider_refunds(stand_in: str, intent: str | None) -> list[int]:
    client = stripe.StripeClient("sk_test_local", base_addresses={"api": stand_in})
    return [r.amount for r in client.v1.refunds.list(params={"payment_intent": intent}).data]


async def _intent(store: Store, payment_id: str) -> str | None:
    return (await store.payments_by_id([payment_id]))[payment_id].provider_id


@pytest.mark.parametrize("before", [timedelta(hours=25), timedelta(hours=24)], ids=["25h", "24h"])
async def test_cancelled_a_day_or_more_before_the_start_is_refunded_in_full(
    service: Payments, store: Store, stand_in: str, before: timedelta
) -> None:
    paid = await _paid(service, store, stand_in, "booking-early")
    token = notice("booking-early", before=before)
    assert await _refund(service, store, token) == {"id": paid, "status": "REFUNDED"}
    kinds = [t.kind for t in await store.transactions(paid)]
    assert kinds == [TransactionKind.CHARGE, TransactionKind.REFUND]
    assert (await store.tutor_balances([TUTOR_ID], "USD"))[TUTOR_ID].minor == 0
    assert _provider_refunds(stand_in, await _intent(store, paid)) == [6825]
    # Again: the same answer, nothing moved twice.
    assert await _refund(service, store, token) == {"id": paid, "status": "REFUNDED"}
    assert len(await store.transactions(paid)) == 2
    assert _provider_refunds(stand_in, await _intent(store, paid)) == [6825]
    assert await store.imbalance() == {}


async def test_cancelled_later_than_a_day_before_the_start_is_not_refunded(
    service: Payments, store: Store, stand_in: str
) -> None:
    paid = await _paid(service, store, stand_in, "booking-late")
    token = notice("booking-late", before=timedelta(hours=23, minutes=59))
    for _ in range(2):
        assert await _refund(service, store, token) == {"id": paid, "status": "SUCCEEDED"}
    assert [t.kind for t in await store.transactions(paid)] == [TransactionKind.CHARGE]
    assert (await store.tutor_balances([TUTOR_ID], "USD"))[TUTOR_ID].minor == 5460
    assert _provider_refunds(stand_in, await _intent(store, paid)) == []


async def test_concurrent_notices_refund_once_at_the_provider_too(
    service: Payments, store: Store, stand_in: str
) -> None:
    paid = await _paid(service, store, stand_in, "booking-racing")
    token = notice("booking-racing", before=timedelta(days=2))
    answers = await asyncio.gather(*(_refund(service, store, token) for _ in range(4)))
    assert answers == [{"id": paid, "status": "REFUNDED"}] * 4
    kinds = [t.kind for t in await store.transactions(paid)]
    assert kinds == [TransactionKind.CHARGE, TransactionKind.REFUND]
    # One refund at the provider too (the stand-in would take four: it ignores idempotency).
    assert _provider_refunds(stand_in, await _intent(store, paid)) == [6825]
    assert await store.imbalance() == {}


async def test_a_booking_never_paid_has_nothing_to_refund(
    service: Payments, store: Store, stand_in: str
) -> None:
    assert await _refund(service, store, notice("booking-unpaid", before=timedelta(days=2))) is None
    # A declined attempt paid nothing either; nor does another student's notice match.
    quote = (await checkout(service, store, lesson("booking-declined", start=START)))["quote"]
    await pay(service, store, quote, await card_method(stand_in, DECLINED))
    declined = notice("booking-declined", before=timedelta(days=2))
    assert await _refund(service, store, declined) is None
    await _paid(service, store, stand_in, "booking-someone")
    other = notice("booking-someone", before=timedelta(days=2), student=OTHER_STUDENT.user_id)
    assert await _refund(service, store, other) is None


async def test_a_forged_or_foreign_notice_is_invalid(
    service: Payments, store: Store, stand_in: str
) -> None:
    paid = await _paid(service, store, stand_in, "booking-forged")
    good = notice("booking-forged", before=timedelta(days=2))
    forged = [
        notice("booking-forged", before=timedelta(days=2), secret=b"f" * 48),
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "not-a-notice",
        "",
    ]
    for token in forged:
        result = await run(service, store, REFUND, {"n": token})
        assert codes(result) == ["INVALID_NOTICE"], token
    # A receipt is signed by the platform too, but is no notice.
    receipt = await run(
        service, store, f'{{ payment(id: "{paid}") {{ receipt }} }}', viewer=STUDENT
    )
    token = receipt.data["payment"]["receipt"]
    assert codes(await run(service, store, REFUND, {"n": token})) == ["INVALID_NOTICE"]
    stored = (await store.payments_by_id([paid]))[paid]
    assert stored.status.value == "SUCCEEDED"
