"""The plain GraphQL values of payments: its enums, `Money` from the ledger's exact amounts,
and a checkout (a signed price to pay)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from shared.subgraph.money import Money, from_minor
from subgraphs.payments.context import PaymentsInfo
from subgraphs.payments.facts import BookingStatus
from subgraphs.payments.model import PaymentStatus, Purpose
from subgraphs.payments.money import Money as Amount
from subgraphs.payments.quotes import Quote

__all__ = ["BookingStatus", "Checkout", "money"]

strawberry.enum(
    Purpose,
    name="PaymentPurpose",
    description="BOOKING: one lesson; ENROLLMENT: a whole course.",
)
strawberry.enum(
    PaymentStatus,
    name="PaymentStatus",
    description="PENDING: sent to the provider, not paid yet; SUCCEEDED: paid; FAILED: "
    "declined or abandoned (another attempt may start); REFUNDED: paid, then given back.",
)


strawberry.enum(
    BookingStatus,
    description="PENDING_PAYMENT holds the slot until paid (or until its hold ends); CONFIRMED: "
    "paid, holds the slot; CANCELLED frees it.",
)


def money(amount: Amount) -> Money:
    return from_minor(amount.minor, amount.currency)


@strawberry.type(description="A price to pay, fixed for a while: pay it with `pay(quote)`.")
class Checkout:
    quote: str = strawberry.field(description="The signed price: what `pay` takes.")
    amount: Money
    commission: Money = strawberry.field(description="The platform's share of the amount.")
    tutor_payout: Money = strawberry.field(description="What the tutor earns of the amount.")
    expires_at: datetime = strawberry.field(description="Pay before this, or check out again.")

    @classmethod
    def of(cls, info: PaymentsInfo, token: str, quote: Quote) -> Checkout:
        split = info.context.payments.commission.split(quote.amount)
        return cls(
            quote=token,
            amount=money(quote.amount),
            commission=money(split.commission),
            tutor_payout=money(split.payout),
            expires_at=quote.expires_at,
        )
