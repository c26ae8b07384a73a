"""Money and the commission split: exact, and commission + payout = price, always."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subgraphs.payments.money import DEFAULT_COMMISSION, EXPONENTS, CommissionRate, Money

CURRENCIES = st.sampled_from(sorted(EXPONENTS))
PRICES = st.builds(Money, minor=st.integers(0, 10**12), currency=CURRENCIES)
RATES = st.builds(CommissionRate, st.integers(0, 10_000))


@given(price=PRICES, rate=RATES)
def test_commission_and_payout_add_up_to_the_price(price: Money, rate: CommissionRate) -> None:
    split = rate.split(price)
    assert split.commission + split.payout == price
    assert split.commission.currency == split.payout.currency == price.currency
    assert 0 <= split.commission.minor <= price.minor


@given(price=PRICES, rate=RATES)
def test_the_commission_is_the_exact_share_rounded_down(price: Money, rate: CommissionRate) -> None:
    exact = Decimal(price.minor) * rate.basis_points / 10_000
    commission = Decimal(rate.split(price).commission.minor)
    assert commission <= exact < commission + 1  # a fraction of a minor unit goes to the tutor


def test_twenty_percent_of_a_lesson() -> None:
    split = DEFAULT_COMMISSION.split(Money(minor=4_999, currency="EUR"))
    assert (split.commission.minor, split.payout.minor) == (999, 4_000)
    assert str(DEFAULT_COMMISSION) == "20%"


@pytest.mark.parametrize(
    ("text", "basis_points"),
    [("20", 2000), ("12.5", 1250), ("0", 0), ("100", 10_000), (" 7.25% ", 725)],
)
def test_rates_parse_from_percentages(text: str, basis_points: int) -> None:
    assert CommissionRate.parse(text).basis_points == basis_points


@pytest.mark.parametrize("text", ["", "-1", "100.01", "101", "1e2", "20.123", "abc", "nan"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="commission"):
        CommissionRate.parse(text)


def test_money_is_whole_minor_units_of_a_known_currency() -> None:
    with pytest.raises(TypeError):
        Money(minor=1.5, currency="EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(minor=True, currency="EUR")
    with pytest.raises(ValueError, match="currency"):
        Money(minor=1, currency="eur")
    with pytest.raises(ValueError, match="combine"):
        _ = Money(minor=1, currency="EUR") + Money(minor=1, currency="USD")
    with pytest.raises(ValueError, match="negative"):
        DEFAULT_COMMISSION.split(Money(minor=-1, currency="EUR"))


def test_major_units_follow_the_currency_exponent() -> None:
    assert Money(minor=1234, currency="EUR").decimal() == Decimal("12.34")
    assert Money(minor=1234, currency="JPY").decimal() == Decimal("1234")
