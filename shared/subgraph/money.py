"""The supergraph's one `Money` type and one `MoneyInput`: exact amounts in a currency,
defined here once so that every subgraph that takes or returns money (tutors' rates, learning's
prices, payments' amounts and earnings) declares them identically, as federation requires of
shared value types."""

from __future__ import annotations

from decimal import Decimal

import strawberry

__all__ = ["Money", "MoneyInput"]


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
