"""Reading payments: a student's payments page by page, a payment by id or as an entity, and a
booking's payment, each for its student, its tutor and admins only (the receipt for the
student and admins)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from shared.auth import Viewer
from subgraphs.payments.model import Payment, PaymentStatus
from subgraphs.payments.service import Payments
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import ADMIN, OTHER_TUTOR, codes, run
from tests.subgraphs.payments.helpers import payment

pytestmark = pytest.mark.stores

PAYER = Viewer(user_id="user-0201", role="STUDENT")  # the student of helpers.payment
OTHER = Viewer(user_id="user-0202", role="STUDENT")
TUTOR = Viewer(user_id="user-0007", role="TUTOR")  # tutor-0007, paid by helpers.payment
PAGE = """query($id: ID!, $first: Int!, $after: String) {
  _entities(representations: [{__typename: "User", id: $id}]) { ... on User {
    payments(first: $first, after: $after) { totalCount
      pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } } } }"""
BY_ID = "query($id: ID!) { payment(id: $id) { id status student { id } tutor { id } receipt } }"
ENTITY = """query($id: ID!) { _entities(representations: [{__typename: "Payment", id: $id}]) {
  ... on Payment { id } } }"""
BOOKING = """query($id: ID!) { _entities(representations: [{__typename: "Booking", id: $id}]) {
  ... on Booking { payment { id status } } } }"""


async def _stored(store: Store, count: int) -> list[Payment]:
    """`count` payments of PAYER, a minute apart, the first one paid, the others failed."""
    made = []
    for n in range(count):
        row = dataclasses.replace(
            payment(n, booking=f"booking-q{n}"),
            created_at=payment(0).created_at + timedelta(minutes=n),
        )
        await store.open(row)
        await (store.succeed(row.id) if n == 0 else store.fail(row.id))
        made.append(row)
    return made


async def _page(service: Payments, store: Store, viewer: Viewer | None, **arguments: Any) -> Any:
    variables = {"id": PAYER.user_id, "first": 2, **arguments}
    return await run(service, store, PAGE, variables, viewer=viewer)


async def test_a_student_pages_through_their_payments_oldest_first(
    service: Payments, store: Store
) -> None:
    made = await _stored(store, 5)
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        result = await _page(service, store, PAYER, after=after)
        assert result.errors is None, result.errors
        connection = result.data["_entities"][0]["payments"]
        assert connection["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [p.id for p in made]
    assert pages == 3
    by_admin = await _page(service, store, ADMIN, first=10)
    statuses = [e["node"]["status"] for e in by_admin.data["_entities"][0]["payments"]["edges"]]
    assert statuses == ["SUCCEEDED"] + ["FAILED"] * 4


@pytest.mark.parametrize(
    ("viewer", "code"),
    [(OTHER, "FORBIDDEN"), (TUTOR, "FORBIDDEN"), (None, "UNAUTHENTICATED")],
    ids=["another-student", "their-tutor", "anonymous"],
)
async def test_only_the_student_and_admins_list_the_student_payments(
    service: Payments, store: Store, viewer: Viewer | None, code: str
) -> None:
    await _stored(store, 1)
    assert codes(await _page(service, store, viewer)) == [code]


@pytest.mark.parametrize(
    "arguments",
    [{"first": -1}, {"first": 10_000}, {"after": "not-a-cursor"}, {"after": "cGF5bWVudA"}],
    ids=["negative", "too-many", "garbage-cursor", "foreign-cursor"],
)
async def test_bad_page_arguments_are_bad_input(
    service: Payments, store: Store, arguments: dict[str, Any]
) -> None:
    await _stored(store, 1)
    assert codes(await _page(service, store, PAYER, **arguments)) == ["BAD_USER_INPUT"]


async def test_a_payment_by_id_is_for_its_student_tutor_and_admins(
    service: Payments, store: Store
) -> None:
    paid = (await _stored(store, 1))[0]
    answers = {}
    for name, viewer in (("student", PAYER), ("tutor", TUTOR), ("admin", ADMIN)):
        result = await run(service, store, BY_ID, {"id": paid.id}, viewer=viewer)
        assert result.errors is None, result.errors
        answers[name] = result.data["payment"]
    assert answers["student"]["status"] == "SUCCEEDED"
    assert answers["student"]["tutor"] == {"id": "tutor-0007"}
    # The receipt is proof of payment: the student's and admins', not the tutor's.
    assert answers["student"]["receipt"] is not None
    assert answers["admin"]["receipt"] == answers["student"]["receipt"]
    assert answers["tutor"]["receipt"] is None
    for viewer, code in (
        (OTHER, "FORBIDDEN"),
        (OTHER_TUTOR, "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ):
        assert codes(await run(service, store, BY_ID, {"id": paid.id}, viewer=viewer)) == [code]
    unknown = await run(service, store, BY_ID, {"id": "payment-unknown"}, viewer=ADMIN)
    assert unknown.data == {"payment": None}
    assert unknown.errors is None


async def test_a_payment_entity_is_null_for_those_who_may_not_see_it(
    service: Payments, store: Store
) -> None:
    paid = (await _stored(store, 1))[0]
    mine = await run(service, store, ENTITY, {"id": paid.id}, viewer=PAYER)
    assert mine.data == {"_entities": [{"id": paid.id}]}
    for viewer in (OTHER, None):
        hidden = await run(service, store, ENTITY, {"id": paid.id}, viewer=viewer)
        assert hidden.data == {"_entities": [None]}
        assert hidden.errors is None


async def test_a_booking_payment_is_its_latest_for_those_who_may_see_it(
    service: Payments, store: Store
) -> None:
    first = payment(1, booking="booking-b")
    await store.open(first)
    await store.fail(first.id)
    second = dataclasses.replace(
        payment(2, booking="booking-b"), created_at=first.created_at + timedelta(minutes=5)
    )
    await store.open(second)
    await store.succeed(second.id)
    latest = await run(service, store, BOOKING, {"id": "booking-b"}, viewer=PAYER)
    assert latest.data == {"_entities": [{"payment": {"id": second.id, "status": "SUCCEEDED"}}]}
    assert codes(await run(service, store, BOOKING, {"id": "booking-b"}, viewer=OTHER)) == [
        "FORBIDDEN"
    ]
    never = await run(service, store, BOOKING, {"id": "booking-none"}, viewer=PAYER)
    assert never.data == {"_entities": [{"payment": None}]}
    stored = (await store.payments_by_id([second.id]))[second.id]
    assert stored.status is PaymentStatus.SUCCEEDED


@pytest.mark.parametrize("unstorable", ["payment-\x00", "", "p" * 300])
async def test_ids_the_store_could_never_hold_are_simply_not_found(
    service: Payments, store: Store, unstorable: str
) -> None:
    before = store.store_queries.value("postgresql")
    by_id = await run(service, store, BY_ID, {"id": unstorable}, viewer=ADMIN)
    entity = await run(service, store, ENTITY, {"id": unstorable}, viewer=ADMIN)
    booking = await run(service, store, BOOKING, {"id": unstorable}, viewer=ADMIN)
    page = await run(service, store, PAGE, {"id": unstorable, "first": 2}, viewer=ADMIN)
    assert (by_id.errors, entity.errors, booking.errors, page.errors) == (None,) * 4
    assert by_id.data == {"payment": None}
    assert entity.data == {"_entities": [None]}
    assert booking.data == {"_entities": [{"payment": None}]}
    assert page.data["_entities"][0]["payments"]["totalCount"] == 0
    assert store.store_queries.value("postgresql") == before  # nothing was asked of the store
