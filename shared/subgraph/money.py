"""The supergraph's one `Money` type and one `MoneyInput`: exact amounts in a currency,
defined here once so that every subgraph that takes or returns money (tutors' rates, learning's
prices, payments' amounts and earnings) declares them identically, as federation requires of
shared value types."""

from __future__ import annotations

from decimal import Decimal

import strawberry

# ISO 4217 minor-unit exponents of the currencies the platform takes.
EXPONENTS: dict[str, int] = {
    "AUD": 2, "CAD": 2, "CHF": 2, "CZK": 2, "DKK": 2, "EUR": 2, "GBP": 2, "JPY": 0,
    "NOK": 2, "NZD": 2, "PLN": 2, "SEK": 2, "USD": 2,
}  # fmt: skip

__all__ = ["EXPONENTS", "Money", "MoneyInput", "from_minor"]


@strawberry.federation.type(
    shareable=True,
    description='An exact amount of money: a decimal with two places ("45.50"), never a float.',
)
class Money:
    amount: Decimal
    currency: str = strawberry.field(description="ISO 4217 currency code, e.g. USD.")


@strawberry.input(description="An exact amount of money in a currency.")
class MoneyInput:
    amount: Decimal = strawberry.field(
        description='Above 0, at most two decimals: "45.50" (a JSON number is read exactly too).'
    )
    currency: str = strawberry.field(description="ISO 4217 currency code, e.g. USD.")


def from_minor(minor: int, currency: str) -> Money:
    """`minor` whole minor units of `currency` (one of EXPONENTS) as an exact amount."""
    return Money(amount=Decimal(minor).scaleb(-EXPONENTS[currency]), currency=currency)
