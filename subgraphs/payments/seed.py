"""Seed data: the payments behind the seeded enrollments (`shared.seed.seed_enrollments`).

Each seeded enrollment was bought with the payment it names, succeeded, for the course's price
(`shared.seed.seed_courses`), with the default commission, its charge in the ledger and its
receipt taken by learning when the student enrolled. Seeded bookings predate payments: they
carry no payment, so none is seeded for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared import seed as universe
from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import DEFAULT_COMMISSION, Money
from subgraphs.payments.store import Store

__all__ = ["SeedCounts", "seed", "seed_data"]

# Paid a minute before the enrollment its receipt made.
_PAID_BEFORE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedCounts:
    payments: int
    refunded: int


def seed_data() -> tuple[tuple[Payment, datetime], ...]:
    """Every seeded payment, with when its receipt was taken; the same on every run."""
    courses = {c.id: c for c in universe.seed_courses()}
    out: list[tuple[Payment, datetime]] = []
    for enrollment in universe.seed_enrollments():
        course = courses[enrollment.course_id]
        price = Money(minor=course.price_minor, currency=course.currency)
        out.append(
            (
                Payment(
                    id=enrollment.payment_id,
                    purpose=Purpose.ENROLLMENT,
                    reference=course.id,
                    student_id=enrollment.student_id,
                    tutor_id=course.tutor_id,
                    amount=price,
                    commission=DEFAULT_COMMISSION.split(price).commission,
                    status=PaymentStatus.SUCCEEDED,
                    provider_id=None,
                    created_at=enrollment.enrolled_at - _PAID_BEFORE,
                ),
                enrollment.enrolled_at,
            )
        )
    return tuple(out)


async def seed(store: Store) -> SeedCounts:
    """Migrates, wipes this subgraph's tables and loads the seed."""
    paid = seed_data()
    await store.migrate()
    await store.reset()
    await store.load_paid(paid)
    return SeedCounts(payments=len(paid), refunded=0)
