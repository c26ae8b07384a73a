"""The one `Money` type of the supergraph: an exact amount in a currency, defined here once so
every subgraph that returns money (tutors' rates, learning's prices, payments' amounts and
earnings) declares it identically, as federation requires of a shared value type."""

from __future__ import annotations

from decimal import Decimal

import strawberry

__all__ = ["Money"]


@strawberry.federation.type(
    shareable=True,
    description='An exact amount of money: a decimal with two places ("45.50"), never a float.',
)
class Money:
    amount: Decimal
    currency: str = strawberry.field(description="ISO 4217 currency code, e.g. USD.")
