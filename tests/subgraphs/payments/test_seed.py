"""The seed: one succeeded payment per seeded enrollment, its charge in a balanced ledger, its
receipt taken, the same on every run, and served."""

from __future__ import annotations

from collections import defaultdict

import pytest

from shared import seed as universe
from subgraphs.payments.ledger import TransactionKind
from subgraphs.payments.model import PaymentStatus, Purpose
from subgraphs.payments.money import DEFAULT_COMMISSION
from subgraphs.payments.seed import seed, seed_data
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import ADMIN, run


def test_seed_is_deterministic_and_follows_the_universe() -> None:
    assert seed_data() == seed_data()
    courses = {c.id: c for c in universe.seed_courses()}
    enrollments = universe.seed_enrollments()
    paid = [p for p, _ in seed_data()]
    assert [p.id for p in paid] == [e.payment_id for e in enrollments]
    for payment, enrollment in zip(paid, enrollments, strict=True):
        course = courses[enrollment.course_id]
        assert (payment.purpose, payment.reference) == (Purpose.ENROLLMENT, course.id)
        assert (payment.student_id, payment.tutor_id) == (enrollment.student_id, course.tutor_id)
        assert (payment.amount.minor, payment.amount.currency) == (
            course.price_minor,
            course.currency,
        )
        assert payment.status is PaymentStatus.SUCCEEDED
        assert payment.created_at < enrollment.enrolled_at


@pytest.mark.stores
async def test_seed_loads_balanced_and_is_served(store: Store, service: Payments) -> None:
    counts = await seed(store)
    data = seed_data()
    assert (counts.payments, counts.refunded) == (len(data), 0)
    assert await seed(store) == counts  # resets first: loading twice does not duplicate
    assert await store.count() == len(data)
    assert await store.imbalance() == {}
    assert await store.receipts_due(10) == ()  # learning took every seeded receipt
    owed: dict[str, int] = defaultdict(int)
    for payment, _ in data:
        owed[payment.tutor_id] += DEFAULT_COMMISSION.split(payment.amount).payout.minor
    balances = await store.tutor_balances(sorted(owed), "USD")
    assert {t: m.minor for t, m in balances.items()} == dict(owed)

    first, _ = data[0]
    assert [t.kind for t in await store.transactions(first.id)] == [TransactionKind.CHARGE]
    query = f"""{{ payment(id: "{first.id}") {{ status purpose amount {{ amount currency }}
      course {{ id }} student {{ id }} }} }}"""
    result = await run(service, store, query, viewer=ADMIN)
    assert result.errors is None, result.errors
    assert result.data["payment"] == {
        "status": "SUCCEEDED",
        "purpose": "ENROLLMENT",
        "amount": {"amount": str(first.amount.decimal()), "currency": first.amount.currency},
        "course": {"id": first.reference},
        "student": {"id": first.student_id},
    }
