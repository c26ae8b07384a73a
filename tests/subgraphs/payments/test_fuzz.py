"""Schemathesis fuzzing of every root field, federation fields included, on a real socket: entity
representations carry fuzzed versions of the fields checkouts require."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from shared.auth import Viewer
from shared.receipts import CancellationNotice, sign_notice
from shared.stores import StoreUrls
from subgraphs.payments.schema import schema as subgraph_schema
from subgraphs.payments.seed import seed
from subgraphs.payments.settings import Settings
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import NOW, SECRET
from tests.subgraphs.payments.served import payments_app
from tests.support.fuzz import any_scalar, assert_answered_cleanly, fuzzed_operations
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores


def _node(value: Any) -> graphql.ValueNode:
    """The GraphQL literal of a JSON-like value."""
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return graphql.BooleanValueNode(value=value)
    if isinstance(value, int):
        return graphql.IntValueNode(value=str(value))
    if isinstance(value, str):
        return graphql.StringValueNode(value=value)
    if isinstance(value, list):
        return graphql.ListValueNode(values=tuple(_node(v) for v in value))
    fields = tuple(
        graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=_node(v))
        for k, v in value.items()
    )
    return graphql.ObjectValueNode(fields=fields)


_odd = st.sampled_from(
    ["", "2026-12-09T14:00:00+00:00", "2026-12-09T14:00:00", "45.50", "1e999999999", "NaN", "USD"]
)
_junk = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=12) | _odd,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "amount", "currency", "hourlyRate"]), inner)
    ),
    max_leaves=6,
)
_ids = st.sampled_from(
    [
        "booking-1",
        "course-0001",
        "tutor-0007",
        "user-0201",
        "payment-1",
        "payment-seed-enrollment-0001",
    ]
) | st.text(max_size=20)
_times = st.sampled_from(["2026-12-09T14:00:00+00:00", "2026-12-09T15:30:00+00:00"]) | _junk
_money = st.fixed_dictionaries(
    {
        "amount": st.sampled_from(["45.50", "0", "-1", "0.001", "1e9", "NaN"]) | _junk,
        "currency": st.sampled_from(["USD", "EUR", "JPY", "XXX"]) | _junk,
    }
)
_users = st.fixed_dictionaries({"id": st.sampled_from(["user-0201", "user-0007"])}) | _junk
_booking = st.fixed_dictionaries(
    {"__typename": st.just("Booking"), "id": _ids},
    optional={
        "start": _times,
        "end": _times,
        "status": st.sampled_from(["PENDING_PAYMENT", "CONFIRMED", "CANCELLED"]) | _junk,
        "student": _users,
        "tutor": st.fixed_dictionaries({"id": _ids, "hourlyRate": _money}) | _junk,
    },
)
_course = st.fixed_dictionaries(
    {"__typename": st.just("Course"), "id": _ids},
    optional={"price": _money | _junk, "published": st.booleans() | _junk, "tutor": _users},
)
_plain = st.fixed_dictionaries(
    {"__typename": st.sampled_from(["Booking", "Course", "Payment", "Tutor", "User", ""])},
    optional={"id": _ids},
)
_representation = st.one_of(_booking, _course, _plain, _junk).map(_node)
_decimals = st.one_of(
    st.sampled_from(["49.50", "0", "-1", "0.001", "1e9", "1E+100000", "NaN", "x"]).map(
        lambda text: graphql.StringValueNode(value=text)
    ),
    st.integers().map(lambda n: graphql.IntValueNode(value=str(n))),
)


@pytest.fixture(scope="module", autouse=True)
def _any_scalar() -> Iterator[None]:
    with any_scalar(_representation), any_scalar(_decimals, name="Decimal"):
        yield


EXAMPLES = 25


async def _seeded(url: str) -> None:
    store = Store.connect(Settings(database_url=url))
    try:
        await seed(store)
    finally:
        await store.close()


@pytest.fixture(scope="module")
def served(stores: StoreUrls, stand_in: str, gateway_secret: str) -> Iterator[str]:
    url = stores.postgres_url("payments")
    asyncio.run(_seeded(url))
    with serve_in_thread(payments_app(url, stand_in, gateway_secret)) as base:
        yield base


@pytest.fixture(scope="module")
def viewers_headers(gateway_secret: str) -> list[dict[str, str]]:
    """Each case runs as an anonymous client, a student, a tutor and an admin."""
    viewers = [
        Viewer(user_id="user-0201", role="STUDENT"),
        Viewer(user_id="user-0007", role="TUTOR"),
        Viewer(user_id="user-1001", role="ADMIN"),
    ]
    return [{}] + [gateway_identity_headers(v, gateway_secret) for v in viewers]


fuzzed = fuzzed_operations(subgraph_schema)


def test_fuzz_schema_includes_federation_fields() -> None:
    labels = {op.ok().label for op in fuzzed.get_all_operations()}
    assert {"Query._entities", "Query._service", "Mutation.pay"} <= labels


def _check(response: httpx.Response | Any) -> None:
    assert_answered_cleanly(response)
    body = response.json()
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    assert None not in codes or not body.get("data"), response.text  # resolver errors are coded


@fuzzed.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_fuzzed_operations_never_fail_internally(
    case: Any, served: str, viewers_headers: list[dict[str, str]]
) -> None:
    for headers in viewers_headers:
        _check(case.call(base_url=f"{served}/graphql", headers=headers))


def test_genuine_notices_never_fail_internally(served: str) -> None:
    """Notices fuzzing cannot forge: signed ones, for unknown bookings and at odd times."""
    query = "mutation($n: String!) { refundCancelledBooking(notice: $n) { id status } }"
    far = datetime(9999, 12, 31, tzinfo=UTC)
    for booking, start in (("booking-1", NOW), ("x" * 300, far), ("", NOW - timedelta(days=1))):
        notice = CancellationNotice(
            booking_id=booking or "b",
            student_id="user-0201",
            tutor_id="tutor-0007",
            start=start,
            cancelled_at=NOW,
        )
        token = sign_notice(notice, SECRET)
        response = httpx.post(f"{served}/graphql", json={"query": query, "variables": {"n": token}})
        _check(response)
        assert response.json()["data"] == {"refundCancelledBooking": None}
