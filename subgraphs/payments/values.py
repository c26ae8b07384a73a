"""The plain GraphQL values of payments: its enums, `Money` from the ledger's exact amounts,
and a checkout (a signed price to pay)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

import strawberry

from shared.subgraph.money import Money
from subgraphs.payments.context import PaymentsInfo
from subgraphs.payments.model import PaymentStatus, Purpose
from subgraphs.payments.money import Money as Amount
from subgraphs.payments.quotes import Quote

__all__ = ["BookingStatus", "Checkout", "amount_of", "id_of", "money"]

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


class BookingStatus(Enum):
    """Scheduling's booking states, as a checkout reads them."""

    PENDING_PAYMENT = "PENDING_PAYMENT"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


strawberry.enum(
    BookingStatus,
    description="PENDING_PAYMENT holds the slot until paid (or until its hold ends); CONFIRMED: "
    "paid, holds the slot; CANCELLED frees it.",
)


def money(amount: Amount) -> Money:
    return Money(amount=amount.decimal(), currency=amount.currency)


def amount_of(value: Any) -> Amount:
    """A `Money` object as another subgraph sent it ({amount: "45.50", currency: "USD"})."""
    if not isinstance(value, dict):
        raise ValueError("not an amount of money")
    try:
        return Amount.of(Decimal(str(value["amount"])), str(value["currency"]))
    except (KeyError, InvalidOperation) as error:
        raise ValueError("not an amount of money") from error


def id_of(value: Any) -> str:
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        raise ValueError("not an entity reference")
    return str(value["id"])


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
