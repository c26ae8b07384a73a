"""A tutor's earnings and payouts, and the ledger's reconciliation: what a paid lesson earns,
what a payout takes from the balance (never more than it holds), and who may see or move it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from shared.auth import Viewer
from shared.stores import StoreUrls
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import (
    ADMIN,
    OTHER_TUTOR,
    STUDENT,
    TUTOR_ID,
    TUTOR_USER,
    checkout,
    codes,
    lesson,
    pay,
    run,
)
from tests.subgraphs.payments.helpers import CARD, card_method

pytestmark = pytest.mark.stores

MONEY = """{ _entities(representations: [{__typename: "Tutor", id: "tutor-0007"}]) {
  ... on Tutor { earnings(currency: "USD") { currency earned { amount currency }
    paidOut { amount } balance { amount } } payouts { id amount { amount currency } } } } }"""
EARNINGS_IN = """query($c: String!) {
  _entities(representations: [{__typename: "Tutor", id: "tutor-0007"}]) {
    ... on Tutor { earnings(currency: $c) { balance { amount currency } } } } }"""
PAYOUT = """mutation($tutor: ID!, $amount: Decimal!, $currency: String!) {
  requestPayout(input: {tutorId: $tutor, amount: {amount: $amount, currency: $currency}}) {
    id amount { amount currency } createdAt } }"""
RECONCILIATION = "{ ledgerReconciliation { balanced imbalances { amount currency } } }"


def _payout(amount: str, currency: str = "USD", tutor: str = TUTOR_ID) -> dict[str, Any]:
    return {"tutor": tutor, "amount": amount, "currency": currency}


@pytest.fixture
async def earned(service: Payments, store: Store, stand_in: str) -> Payments:
    """A paid lesson of 50.00 USD: the tutor earned 40.00."""
    quote = (await checkout(service, store, lesson("booking-e", rate="50.00", minutes=60)))["quote"]
    result = await pay(service, store, quote, await card_method(stand_in, CARD))
    assert result.data["pay"]["status"] == "SUCCEEDED", result.errors
    return service


async def _money(payments: Payments, store: Store, viewer: Viewer = TUTOR_USER) -> Any:
    result = await run(payments, store, MONEY, viewer=viewer)
    assert result.errors is None, result.errors
    return result.data["_entities"][0]


async def test_a_paid_lesson_of_50_earns_the_tutor_40(earned: Payments, store: Store) -> None:
    found = await _money(earned, store)
    assert found["earnings"] == {
        "currency": "USD",
        "earned": {"amount": "40.00", "currency": "USD"},
        "paidOut": {"amount": "0.00"},
        "balance": {"amount": "40.00"},
    }
    assert found["payouts"] == []
    other_currency = await run(earned, store, EARNINGS_IN, {"c": "EUR"}, viewer=TUTOR_USER)
    assert other_currency.data["_entities"][0]["earnings"]["balance"] == {
        "amount": "0.00",
        "currency": "EUR",
    }


async def test_a_payout_spends_the_balance_and_never_more(earned: Payments, store: Store) -> None:
    first = await run(earned, store, PAYOUT, _payout("30.00"), viewer=TUTOR_USER)
    assert first.errors is None, first.errors
    made = first.data["requestPayout"]
    assert made["id"].startswith("payout-")
    assert made["amount"] == {"amount": "30.00", "currency": "USD"}
    found = await _money(earned, store)
    assert (found["earnings"]["paidOut"], found["earnings"]["balance"]) == (
        {"amount": "30.00"},
        {"amount": "10.00"},
    )
    assert found["earnings"]["earned"]["amount"] == "40.00"
    assert found["payouts"] == [{"id": made["id"], "amount": made["amount"]}]

    too_much = await run(earned, store, PAYOUT, _payout("20.00"), viewer=TUTOR_USER)
    assert codes(too_much) == ["INSUFFICIENT_BALANCE"]
    in_euros = await run(earned, store, PAYOUT, _payout("5.00", "EUR"), viewer=TUTOR_USER)
    assert codes(in_euros) == ["INSUFFICIENT_BALANCE"]
    by_admin = await run(earned, store, PAYOUT, _payout("10.00"), viewer=ADMIN)
    assert by_admin.errors is None, by_admin.errors
    found = await _money(earned, store, ADMIN)
    assert found["earnings"]["balance"] == {"amount": "0.00"}
    assert [p["amount"]["amount"] for p in found["payouts"]] == ["10.00", "30.00"]  # newest first
    assert (await run(earned, store, RECONCILIATION, viewer=ADMIN)).data["ledgerReconciliation"][
        "balanced"
    ]


@pytest.mark.parametrize(
    ("viewer", "code"),
    [(OTHER_TUTOR, "FORBIDDEN"), (STUDENT, "FORBIDDEN"), (None, "UNAUTHENTICATED")],
    ids=["another-tutor", "student", "anonymous"],
)
async def test_only_the_tutor_and_admins_see_or_move_the_tutor_money(
    earned: Payments, store: Store, viewer: Viewer | None, code: str
) -> None:
    seen = await run(earned, store, MONEY, viewer=viewer)
    assert set(codes(seen)) == {code}
    assert seen.data == {"_entities": [None]}
    moved = await run(earned, store, PAYOUT, _payout("1.00"), viewer=viewer)
    assert codes(moved) == [code]
    assert (await _money(earned, store))["earnings"]["balance"] == {"amount": "40.00"}


@pytest.mark.parametrize(
    "amount", ["0", "-5.00", "0.001", "1e999999999", "NaN"], ids=lambda a: f"amount={a}"
)
async def test_a_payout_of_no_amount_of_money_is_bad_input(
    earned: Payments, store: Store, amount: str
) -> None:
    result = await run(earned, store, PAYOUT, _payout(amount), viewer=TUTOR_USER)
    assert codes(result) == ["BAD_USER_INPUT"]


async def test_unknown_currencies_are_bad_input(earned: Payments, store: Store) -> None:
    payout = await run(earned, store, PAYOUT, _payout("1.00", "XYZ"), viewer=TUTOR_USER)
    earnings = await run(earned, store, EARNINGS_IN, {"c": "XYZ" * 100}, viewer=TUTOR_USER)
    assert codes(payout) == codes(earnings) == ["BAD_USER_INPUT"]


@pytest.fixture
async def engine(stores: StoreUrls) -> AsyncIterator[Any]:
    made = create_async_engine(stores.postgres_url("payments"))
    try:
        yield made
    finally:
        await made.dispose()


async def test_the_reconciliation_is_for_admins_and_finds_an_imbalance(
    earned: Payments, store: Store, engine: Any
) -> None:
    sound = await run(earned, store, RECONCILIATION, viewer=ADMIN)
    assert sound.data == {"ledgerReconciliation": {"balanced": True, "imbalances": []}}
    for viewer, code in (
        (TUTOR_USER, "FORBIDDEN"),
        (STUDENT, "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ):
        assert codes(await run(earned, store, RECONCILIATION, viewer=viewer)) == [code]
    # An entry written behind the ledger's back, unbalanced: the reconciliation names it.
    async with engine.begin() as conn:
        number = (await conn.execute(sa.text("SELECT min(id) FROM ledger_transactions"))).scalar()
        await conn.execute(
            sa.text(
                "INSERT INTO ledger_entries (transaction_id, account, amount_minor, currency) "
                "VALUES (:t, 'provider', 123, 'USD')"
            ),
            {"t": number},
        )
    off = await run(earned, store, RECONCILIATION, viewer=ADMIN)
    assert off.data == {
        "ledgerReconciliation": {
            "balanced": False,
            "imbalances": [{"amount": "1.23", "currency": "USD"}],
        }
    }


@pytest.mark.parametrize("tutor", ["tutor-\x00", "user-0007", "tutor-" + "1" * 300])
async def test_tutor_ids_the_store_could_never_hold(
    earned: Payments, store: Store, tutor: str
) -> None:
    payout = await run(earned, store, PAYOUT, _payout("1.00", tutor=tutor), viewer=ADMIN)
    assert codes(payout) == ["BAD_USER_INPUT"]
    query = MONEY.replace("tutor-0007", tutor.replace("\x00", "\\u0000"))
    seen = await run(earned, store, query, viewer=ADMIN)
    assert seen.errors is None, seen.errors
    assert seen.data["_entities"][0]["earnings"]["balance"] == {"amount": "0.00"}
    assert seen.data["_entities"][0]["payouts"] == []
