"""The payments domain's plain data: what a payment pays for, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from subgraphs.payments.money import Money

__all__ = ["Payment", "PaymentStatus", "Purpose"]


class Purpose(Enum):
    """What a payment pays for: one lesson (a booking) or a whole course (an enrollment)."""

    BOOKING = "BOOKING"
    ENROLLMENT = "ENROLLMENT"


class PaymentStatus(Enum):
    PENDING = "PENDING"  # created at the provider, not paid yet
    SUCCEEDED = "SUCCEEDED"  # paid: its charge is in the ledger
    FAILED = "FAILED"  # declined or abandoned: another attempt may start
    REFUNDED = "REFUNDED"  # paid, then given back: its refund is in the ledger


@dataclass(frozen=True, slots=True, kw_only=True)
class Payment:
    id: str
    purpose: Purpose
    reference: str  # the booking's or the enrollment's id
    student_id: str
    tutor_id: str
    amount: Money
    commission: Money  # the platform's share, fixed when the payment is opened
    status: PaymentStatus
    provider_id: str | None  # the provider's PaymentIntent id, once created there
    created_at: datetime
