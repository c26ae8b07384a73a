"""Exact amounts of money (whole minor units of one currency) and the commission split.

The rounding rule, the one place a fraction of a minor unit can arise: the platform's
commission is the price times the rate, rounded *down* to a whole minor unit; the tutor's
payout is the rest of the price. So commission + payout = price exactly, and a fraction of a
cent always goes to the tutor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from shared.subgraph.money import EXPONENTS

__all__ = ["DEFAULT_COMMISSION", "EXPONENTS", "CommissionRate", "Money", "Split", "lesson_price"]


_BASIS = 10_000  # a rate is held in basis points: 1/100 of a percent
_MAX_DIGITS = 15  # no amount the platform moves has more digits before the point
_PERCENT = re.compile(r"^\d{1,3}(\.\d{1,2})?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Money:
    """`minor` whole minor units (cents for EUR, yen for JPY) of `currency` (ISO 4217)."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if type(self.minor) is not int:  # bool is an int too; neither bool nor float is money
            raise TypeError(
                f"an amount of money is a whole number of minor units, not {self.minor!r}"
            )
        if self.currency not in EXPONENTS:
            raise ValueError(f"unsupported currency {self.currency!r}")

    def __add__(self, other: Money) -> Money:
        return Money(minor=self.minor + self._same(other).minor, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(minor=self.minor - self._same(other).minor, currency=self.currency)

    def __neg__(self) -> Money:
        return Money(minor=-self.minor, currency=self.currency)

    def _same(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")
        return other

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(minor=0, currency=currency)

    def decimal(self) -> Decimal:
        """The amount in major units (12.34 for 1234 EUR cents), for display only."""
        return Decimal(self.minor).scaleb(-EXPONENTS[self.currency])

    @classmethod
    def of(cls, amount: Decimal, currency: str) -> Money:
        """`amount` major units exactly ("45.50" USD is 4550 cents); ValueError when it has
        more places than the currency's minor unit, or is not a finite number."""
        if currency not in EXPONENTS:
            raise ValueError(f"unsupported currency {currency!r}")
        if not amount.is_finite():
            raise ValueError(f"{amount} is not an amount of money")
        if amount and amount.adjusted() > _MAX_DIGITS:
            raise ValueError("the amount is too large")
        minor = amount.scaleb(EXPONENTS[currency])
        if minor != minor.to_integral_value():
            raise ValueError(f"{amount} {currency} is not a whole number of minor units")
        return cls(minor=int(minor), currency=currency)


def lesson_price(hourly_rate: Money, minutes: int) -> Money:
    """What a lesson of `minutes` costs at `hourly_rate`: rate x minutes / 60, rounded to the
    nearest minor unit, a half rounded up (45.50 an hour for 45 minutes is 34.13)."""
    if minutes <= 0:
        raise ValueError("a lesson lasts a positive number of minutes")
    whole, rest = divmod(hourly_rate.minor * minutes, 60)
    return Money(minor=whole + (1 if 2 * rest >= 60 else 0), currency=hourly_rate.currency)


@dataclass(frozen=True, slots=True, kw_only=True)
class Split:
    """A price divided between the platform (commission) and the tutor (payout)."""

    price: Money
    commission: Money
    payout: Money


@dataclass(frozen=True, slots=True)
class CommissionRate:
    """The platform's share of every price, in basis points (2000 = 20%)."""

    basis_points: int

    def __post_init__(self) -> None:
        if type(self.basis_points) is not int or not 0 <= self.basis_points <= _BASIS:
            raise ValueError("a commission rate is between 0% and 100%")

    @classmethod
    def parse(cls, text: str) -> CommissionRate:
        """From a percentage with at most two decimals: "20", "12.5", "0"."""
        cleaned = text.strip().removesuffix("%").strip()
        if not _PERCENT.match(cleaned):
            raise ValueError(f"a commission is a percentage like 20 or 12.5, not {text!r}")
        try:
            basis_points = int(Decimal(cleaned) * 100)
        except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
            raise ValueError(f"not a percentage: {text!r}") from error
        return cls(basis_points)

    def split(self, price: Money) -> Split:
        if price.minor < 0:
            raise ValueError("a price is never negative")
        commission = price.minor * self.basis_points // _BASIS  # rounded down: see the module
        return Split(
            price=price,
            commission=Money(minor=commission, currency=price.currency),
            payout=Money(minor=price.minor - commission, currency=price.currency),
        )

    def __str__(self) -> str:
        return f"{Decimal(self.basis_points).scaleb(-2).normalize():f}%"


DEFAULT_COMMISSION = CommissionRate(2000)
