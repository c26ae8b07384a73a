"""Signed price quotes: what a checkout may charge, fixed by the server and carried by the client.

The price of a lesson comes from other subgraphs (the tutor's rate, the booking's length),
which the gateway hands to this one through `@requires` when a client reads a checkout. The
client then sends the quote back to pay; the signature (HMAC-SHA256 over the canonical JSON of
every field) means it cannot change the amount, the payer or what is paid for, and the expiry
means an old price cannot be paid later.

    token = base64url(canonical JSON) "." base64url(HMAC-SHA256(secret, that JSON))
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

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

    def _fields(self) -> dict[str, object]:
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
    body = json.dumps(quote._fields(), sort_keys=True, separators=(",", ":")).encode()
    mac = hmac.new(secret, body, hashlib.sha256).digest()
    return f"{_encode(body)}.{_encode(mac)}"


def verify(token: str, secret: bytes, now: datetime) -> Quote:
    """The quote in `token`, if its signature holds and it has not expired at `now`."""
    body_text, dot, mac_text = token.partition(".")
    if not dot:
        raise QuoteError("not a quote")
    try:
        body, mac = _decode(body_text), _decode(mac_text)
    except ValueError:
        raise QuoteError("not a quote") from None
    if not hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).digest()):
        raise QuoteError("the quote was altered or is not ours")
    try:
        fields = json.loads(body)
        quote = Quote(
            purpose=Purpose(fields["purpose"]),
            reference=str(fields["reference"]),
            student_id=str(fields["student"]),
            tutor_id=str(fields["tutor"]),
            amount=Money(minor=fields["amount"], currency=fields["currency"]),
            expires_at=datetime.fromisoformat(fields["expires"]),
        )
    except (ValueError, KeyError, TypeError):  # signed by us, so only after a key was reused
        raise QuoteError("not a quote") from None
    if now >= quote.expires_at:
        raise QuoteError("the quote has expired: ask for a new one")
    return quote


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode(text: str) -> bytes:
    """Strict: only the one spelling `_encode` gives (no padding, no spare bits set, nothing
    outside the alphabet), so any change to a token is a different token that fails."""
    if not text or not text.isascii():
        raise ValueError("empty or not ASCII")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _encode(raw) != text:
        raise ValueError("not the canonical spelling")
    return raw
