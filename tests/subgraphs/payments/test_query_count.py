"""N entities cost a constant number of store queries, not N: the payments of many bookings and
students, the earnings and payouts of many tutors, each load through one batch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import ADMIN, run
from tests.subgraphs.payments.helpers import payment

pytestmark = pytest.mark.stores

BOOKINGS = (
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on Booking { payment { id } } } }"
)
TUTORS = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Tutor {
  earnings(currency: "EUR") { balance { amount } } payouts { id } } } }"""
STUDENTS = """query($r: [_Any!]!) { _entities(representations: $r) { ... on User {
  payments(first: 5) { totalCount edges { node { id status } } } } } }"""
PAYMENTS = """query($r: [_Any!]!) { _entities(representations: $r) { ... on Payment {
  id receipt } } }"""


async def _queries(service: Payments, store: Store, query: str, representations: list[Any]) -> int:
    before = store.store_queries.value("postgresql")
    result = await run(service, store, query, {"r": representations}, viewer=ADMIN)
    assert result.errors is None, result.errors
    return store.store_queries.value("postgresql") - before


@pytest.fixture
async def paid(store: Store) -> Store:
    """Ten succeeded lesson payments of tutor-0007, and one payout of theirs."""
    for n in range(10):
        await store.open(payment(n, booking=f"booking-n{n}"))
        await store.succeed(f"payment-{n}")
    await store.pay_out("payout-n", "tutor-0007", payment(0).amount)
    return store


@pytest.mark.parametrize(
    ("query", "representation"),
    [
        (BOOKINGS, lambda n: {"__typename": "Booking", "id": f"booking-n{n}"}),
        (TUTORS, lambda n: {"__typename": "Tutor", "id": f"tutor-{n:04d}"}),
        (STUDENTS, lambda n: {"__typename": "User", "id": f"user-{200 + n:04d}"}),
        (PAYMENTS, lambda n: {"__typename": "Payment", "id": f"payment-{n}"}),
    ],
    ids=["booking-payments", "tutor-earnings-and-payouts", "student-payments", "payments"],
)
async def test_many_entities_cost_what_two_cost(
    service: Payments, paid: Store, query: str, representation: Callable[[int], dict[str, str]]
) -> None:
    make = representation
    two = await _queries(service, paid, query, [make(n) for n in range(2)])
    ten = await _queries(service, paid, query, [make(n) for n in range(10)])
    assert 1 <= two <= 2
    assert ten == two
