"""Shared test helpers: payments as the store and the provider see them."""

from __future__ import annotations

from datetime import UTC, datetime

from subgraphs.payments.model import Payment, PaymentStatus, Purpose
from subgraphs.payments.money import DEFAULT_COMMISSION, Money

TUTOR = "tutor-0007"


def payment(number: int, booking: str = "booking-1", price: int = 5_000) -> Payment:
    """A PENDING payment for a lesson of `price` euro cents, with the default commission."""
    amount = Money(minor=price, currency="EUR")
    return Payment(
        id=f"payment-{number}",
        purpose=Purpose.BOOKING,
        reference=booking,
        student_id="user-0201",
        tutor_id=TUTOR,
        amount=amount,
        commission=DEFAULT_COMMISSION.split(amount).commission,
        status=PaymentStatus.PENDING,
        provider_id=None,
        created_at=datetime(2026, 12, 7, tzinfo=UTC),
    )
