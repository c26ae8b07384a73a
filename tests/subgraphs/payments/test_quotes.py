"""Signed quotes: what was signed comes back unchanged, and nothing else is ever accepted."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subgraphs.payments.model import Purpose
from subgraphs.payments.money import EXPONENTS, Money
from subgraphs.payments.quotes import Quote, QuoteError, sign, verify

SECRET = b"quote-secret-for-tests-only-32-bytes!"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

QUOTES = st.builds(
    Quote,
    purpose=st.sampled_from(Purpose),
    reference=st.text(min_size=1, max_size=30),
    student_id=st.text(min_size=1, max_size=20),
    tutor_id=st.text(min_size=1, max_size=20),
    amount=st.builds(
        Money, minor=st.integers(1, 10**9), currency=st.sampled_from(sorted(EXPONENTS))
    ),
    expires_at=st.integers(1, 10**6).map(lambda s: NOW + timedelta(seconds=s)),
)


@given(quote=QUOTES)
def test_a_signed_quote_verifies_to_itself(quote: Quote) -> None:
    assert verify(sign(quote, SECRET), SECRET, NOW) == quote


@given(quote=QUOTES, data=st.data())
def test_an_altered_token_never_verifies(quote: Quote, data: st.DataObject) -> None:
    token = sign(quote, SECRET)
    index = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from("ABCabc019-_.=x"))
    altered = token[:index] + replacement + token[index + 1 :]
    if altered == token:
        return
    with pytest.raises(QuoteError):
        verify(altered, SECRET, NOW)


@given(quote=QUOTES, minor=st.integers(1, 10**9))
def test_a_quote_signed_with_another_key_is_refused(quote: Quote, minor: int) -> None:
    cheaper = dataclasses.replace(quote, amount=Money(minor=minor, currency=quote.amount.currency))
    with pytest.raises(QuoteError, match="altered"):
        verify(sign(cheaper, b"someone else's key"), SECRET, NOW)


def test_an_expired_quote_is_refused() -> None:
    quote = Quote(
        purpose=Purpose.BOOKING,
        reference="booking-1",
        student_id="user-0201",
        tutor_id="tutor-0007",
        amount=Money(minor=5_000, currency="EUR"),
        expires_at=NOW + timedelta(minutes=15),
    )
    token = sign(quote, SECRET)
    assert verify(token, SECRET, NOW + timedelta(minutes=14)) == quote
    with pytest.raises(QuoteError, match="expired"):
        verify(token, SECRET, NOW + timedelta(minutes=15))


@pytest.mark.parametrize("token", ["", ".", "abc", "abc.", ".abc", "é.é", "a.b.c", "!!!.???"])
def test_garbage_is_not_a_quote(token: str) -> None:
    with pytest.raises(QuoteError):
        verify(token, SECRET, NOW)
