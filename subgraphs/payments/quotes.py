"""Signed price quotes: what a checkout may charge, fixed by the server and carried by the client.

The price of a lesson comes from other subgraphs (the tutor's rate, the booking's length),
which the gateway hands to this one through `@requires` when a client reads a checkout. The
client then sends the quote back to pay; the signature (HMAC-SHA256 over the canonical JSON of
every field, `shared.signing`, with the key of quotes alone) means it cannot change the amount,
the payer or what is paid for, and the expiry means an old price cannot be paid later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.signing import SignatureError, Signer
from subgraphs.payments.model import Purpose
from subgraphs.payments.money import Money

__all__ = ["Quote", "QuoteError", "sign", "verify"]


class QuoteError(ValueError):
    """A quote that is malformed, altered, signed with another key, or expired."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    purpose: Purpose
    reference: str  # the booking's or the enrollment's id
    student_id: str  # who may pay it
    tutor_id: str  # who is paid
    amount: Money
    expires_at: datetime  # aware

    def _fields(self) -> dict[str, str | int]:
        return {
            "purpose": self.purpose.value,
            "reference": self.reference,
            "student": self.student_id,
            "tutor": self.tutor_id,
            "amount": self.amount.minor,
            "currency": self.amount.currency,
            "expires": self.expires_at.isoformat(),
        }


def sign(quote: Quote, secret: bytes) -> str:
    return Signer(secret, "quote").sign(quote._fields())


def verify(token: str, secret: bytes, now: datetime) -> Quote:
    """The quote in `token`, if its signature holds and it has not expired at `now`."""
    try:
        fields = Signer(secret, "quote").verify(token)
    except SignatureError as error:
        raise QuoteError(str(error).replace("token", "quote")) from None
    minor, currency = fields.get("amount"), fields.get("currency")
    if not isinstance(minor, int) or not isinstance(currency, str):
        raise QuoteError("not a quote")
    try:
        quote = Quote(
            purpose=Purpose(fields["purpose"]),
            reference=str(fields["reference"]),
            student_id=str(fields["student"]),
            tutor_id=str(fields["tutor"]),
            amount=Money(minor=minor, currency=currency),
            expires_at=datetime.fromisoformat(str(fields["expires"])),
        )
    except (ValueError, KeyError, TypeError):  # signed by us, so only after a key was reused
        raise QuoteError("not a quote") from None
    if now >= quote.expires_at:
        raise QuoteError("the quote has expired: ask for a new one")
    return quote
