"""The payments store on a real PostgreSQL: one live payment per booking, one ledger charge per
payment however often success is reported, refunds that reverse it, payouts within balance."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from shared.errors import Conflict
from subgraphs.payments.ledger import PROVIDER, REVENUE, LedgerError, TransactionKind
from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import Money
from subgraphs.payments.store import Payout, Store
from tests.subgraphs.payments.helpers import TUTOR, payment


async def _owed(store: Store) -> int:
    return (await store.tutor_balances([TUTOR], "EUR"))[TUTOR].minor


async def test_a_paid_lesson_owes_the_tutor_eighty_percent(store: Store) -> None:
    await store.open(payment(1))
    assert await store.succeed("payment-1") is True
    assert await _owed(store) == 4_000
    assert (await store.balance(REVENUE, "EUR")).minor == -1_000  # credit: revenue
    assert (await store.balance(PROVIDER, "EUR")).minor == 5_000
    assert await store.imbalance() == {}
    (found,) = (await store.payments_by_id(["payment-1"])).values()
    assert found.status is PaymentStatus.SUCCEEDED


async def test_one_live_payment_per_booking_even_when_attempts_race(store: Store) -> None:
    attempts = [store.open(payment(n)) for n in range(6)]
    outcomes = await asyncio.gather(*attempts, return_exceptions=True)
    opened = [o for o in outcomes if isinstance(o, Payment)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(opened) == 1
    assert len(refused) == 5
    assert {error.code for error in refused} == {"ALREADY_PAID"}
    # Once the live attempt fails, the booking may be paid afresh.
    assert await store.fail(opened[0].id) is True
    await store.open(payment(99))
    assert await store.succeed("payment-99") is True
    with pytest.raises(Conflict):
        await store.open(payment(100))  # paid: no further payment


async def test_a_course_is_paid_once_per_student_and_by_every_student(store: Store) -> None:
    def course(number: int, student: str) -> Payment:
        bought = payment(number, booking="course-0001")
        return replace(bought, purpose=Purpose.ENROLLMENT, student_id=student)

    for n, student in enumerate(("user-0201", "user-0202", "user-0203")):
        await store.open(course(n, student))
    with pytest.raises(Conflict):
        await store.open(course(9, "user-0202"))  # that student's purchase is live already
    assert len(await store.payments_by_id([f"payment-{n}" for n in range(3)])) == 3


async def test_success_reported_many_times_at_once_charges_once(store: Store) -> None:
    await store.open(payment(1))
    reports = await asyncio.gather(*(store.succeed("payment-1") for _ in range(8)))
    assert sorted(reports) == [False] * 7 + [True]
    kinds = [t.kind for t in await store.transactions("payment-1")]
    assert kinds == [TransactionKind.CHARGE]
    assert await _owed(store) == 4_000
    assert await store.fail("payment-1") is False  # paid stays paid


async def test_a_refund_reverses_the_charge_once(store: Store) -> None:
    await store.open(payment(1))
    assert await store.refund("payment-1") is False  # nothing paid yet
    await store.succeed("payment-1")
    results = await asyncio.gather(*(store.refund("payment-1") for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    kinds = [t.kind for t in await store.transactions("payment-1")]
    assert kinds == [TransactionKind.CHARGE, TransactionKind.REFUND]
    assert await _owed(store) == 0
    assert (await store.balance(PROVIDER, "EUR")).minor == 0
    assert await store.imbalance() == {}


async def test_payouts_never_exceed_the_balance_even_at_once(store: Store) -> None:
    await store.open(payment(1))
    await store.succeed("payment-1")  # owes 4,000
    euros = Money(minor=1_500, currency="EUR")
    outcomes = await asyncio.gather(
        *(store.pay_out(f"payout-{n}", TUTOR, euros) for n in range(4)), return_exceptions=True
    )
    assert sum(isinstance(o, Payout) for o in outcomes) == 2
    assert all(isinstance(o, LedgerError) for o in outcomes if not isinstance(o, Payout))
    assert await _owed(store) == 1_000
    assert (await store.balance(PROVIDER, "EUR")).minor == 2_000
    assert await store.imbalance() == {}


async def test_the_provider_id_is_kept_once(store: Store) -> None:
    await store.open(payment(1))
    await store.attach_provider("payment-1", "pi_first")
    await store.attach_provider("payment-1", "pi_second")  # ignored: the first stays
    found = await store.payment_by_provider_id("pi_first")
    assert found is not None
    assert found.id == "payment-1"
    assert await store.payment_by_provider_id("pi_second") is None
