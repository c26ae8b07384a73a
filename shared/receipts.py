"""What one subgraph proves to another: payment receipts and cancellation notices.

A **receipt** is payments' word that a payment succeeded: scheduling confirms the booking it
names (`PENDING_PAYMENT` → `CONFIRMED`), learning enrolls the student in the course it names.
A **notice** is scheduling's word that a paid booking was cancelled, and when: payments refunds
it by the cancellation policy. Both are signed tokens (`shared.signing`), each kind with its own
key; they carry no expiry, since acting on one is idempotent on the receiving side (a booking
confirms once, a student enrolls once, a payment refunds once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from shared.signing import SignatureError, Signer

__all__ = [
    "CancellationNotice",
    "Paid",
    "Receipt",
    "SignatureError",
    "sign_notice",
    "sign_receipt",
    "verify_notice",
    "verify_receipt",
]


class Paid(Enum):
    """What a payment paid for: one lesson (its reference is the booking's id) or a whole
    course (its reference is the course's id)."""

    BOOKING = "BOOKING"
    ENROLLMENT = "ENROLLMENT"


@dataclass(frozen=True, slots=True, kw_only=True)
class Receipt:
    payment_id: str
    paid: Paid
    reference: str
    student_id: str
    tutor_id: str
    amount_minor: int
    currency: str
    paid_at: datetime  # aware


@dataclass(frozen=True, slots=True, kw_only=True)
class CancellationNotice:
    booking_id: str
    student_id: str
    tutor_id: str
    start: datetime  # aware: when the lesson was to begin
    cancelled_at: datetime  # aware


def sign_receipt(receipt: Receipt, secret: bytes) -> str:
    return Signer(secret, "receipt").sign(
        {
            "payment": receipt.payment_id,
            "paid": receipt.paid.value,
            "reference": receipt.reference,
            "student": receipt.student_id,
            "tutor": receipt.tutor_id,
            "amount": receipt.amount_minor,
            "currency": receipt.currency,
            "paidAt": receipt.paid_at.isoformat(),
        }
    )


def verify_receipt(token: str, secret: bytes) -> Receipt:
    """The receipt in `token`; SignatureError if it is not one payments signed."""
    fields = Signer(secret, "receipt").verify(token)
    try:
        return Receipt(
            payment_id=_text(fields["payment"]),
            paid=Paid(fields["paid"]),
            reference=_text(fields["reference"]),
            student_id=_text(fields["student"]),
            tutor_id=_text(fields["tutor"]),
            amount_minor=_integer(fields["amount"]),
            currency=_text(fields["currency"]),
            paid_at=_instant(fields["paidAt"]),
        )
    except (KeyError, ValueError, TypeError):
        raise SignatureError("not a receipt") from None


def sign_notice(notice: CancellationNotice, secret: bytes) -> str:
    return Signer(secret, "cancellation").sign(
        {
            "booking": notice.booking_id,
            "student": notice.student_id,
            "tutor": notice.tutor_id,
            "start": notice.start.isoformat(),
            "cancelledAt": notice.cancelled_at.isoformat(),
        }
    )


def verify_notice(token: str, secret: bytes) -> CancellationNotice:
    """The notice in `token`; SignatureError if it is not one scheduling signed."""
    fields = Signer(secret, "cancellation").verify(token)
    try:
        return CancellationNotice(
            booking_id=_text(fields["booking"]),
            student_id=_text(fields["student"]),
            tutor_id=_text(fields["tutor"]),
            start=_instant(fields["start"]),
            cancelled_at=_instant(fields["cancelledAt"]),
        )
    except (KeyError, ValueError, TypeError):
        raise SignatureError("not a cancellation notice") from None


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("expected a non-empty string")
    return value


def _integer(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("expected an integer")
    return value


def _instant(value: object) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError("expected an aware instant")
    return moment
