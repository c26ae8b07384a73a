"""Schemathesis fuzzing of every root field, federation fields included, on a real socket."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from shared.auth import Viewer
from shared.receipts import Paid
from subgraphs.learning.app import build_app
from subgraphs.learning.schema import schema as subgraph_schema
from subgraphs.learning.seed import seed
from subgraphs.learning.settings import Settings
from subgraphs.learning.store import Store
from tests.subgraphs.learning.helpers import NOW, receipt
from tests.support.fuzz import any_scalar, assert_answered_cleanly, fuzzed_operations
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores


def _field(name: str, value: graphql.ValueNode) -> graphql.ObjectFieldNode:
    return graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)


_ids = st.one_of(
    st.sampled_from(
        [
            "course-0001",
            "course-0002",
            "tutor-0001",
            "subject-algebra",
            "user-0201",
            "enrollment-0001",
            "payment-seed-enrollment-0001",
        ]
    ),
    st.text(max_size=20),
).map(nodes.String)
_typenames = st.sampled_from(
    ["Course", "Enrollment", "Payment", "Subject", "Tutor", "User", "Review", ""]
).map(nodes.String)
_representation = st.one_of(
    st.tuples(_typenames, _ids).map(
        lambda pair: nodes.Object([_field("__typename", pair[0]), _field("id", pair[1])])
    ),
    _typenames.map(lambda t: nodes.Object([_field("__typename", t)])),
    st.integers().map(nodes.Int),
    _ids,
)

# Prices: good ones, junk text, huge and tiny exponents, and numbers of every kind.
_decimals = st.one_of(
    st.sampled_from(["49.50", "0", "-1", "0.001", "1e9", "1E+100000", "NaN", "x"]).map(
        nodes.String
    ),
    st.text(max_size=12).map(nodes.String),
    st.integers().map(nodes.Int),
    st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
)


@pytest.fixture(scope="module", autouse=True)
def _any_scalar() -> Iterator[None]:
    # `_Any` carries entity representations; schemathesis has no strategy of its own for it,
    # nor for `Decimal` (prices).
    with any_scalar(_representation), any_scalar(_decimals, name="Decimal"):
        yield


EXAMPLES = 25


async def _seeded(settings: Settings) -> None:
    store = Store.connect(settings)
    try:
        await seed(store)
    finally:
        await store.close()


@pytest.fixture(scope="module")
def served(
    learning_settings: Settings, gateway_secret: str, signing_secret: bytes
) -> Iterator[str]:
    asyncio.run(_seeded(learning_settings))
    app = build_app(learning_settings, secret=gateway_secret, clock=lambda: NOW)
    with serve_in_thread(app) as base:
        yield base


@pytest.fixture(scope="module")
def viewers_headers(gateway_secret: str) -> list[dict[str, str]]:
    """Each case runs as an anonymous client, a student, a tutor and an admin."""
    viewers = [
        Viewer(user_id="user-0201", role="STUDENT"),
        Viewer(user_id="user-0001", role="TUTOR"),
        Viewer(user_id="user-1001", role="ADMIN"),
    ]
    return [{}] + [gateway_identity_headers(v, gateway_secret) for v in viewers]


fuzzed = fuzzed_operations(subgraph_schema)


def test_fuzz_schema_includes_federation_fields() -> None:
    labels = {op.ok().label for op in fuzzed.get_all_operations()}
    assert {"Query._entities", "Query._service", "Mutation.enrollInCourse"} <= labels


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
        response = case.call(base_url=f"{served}/graphql", headers=headers)
        assert_answered_cleanly(response)


@pytest.mark.parametrize("paid", list(Paid))
def test_genuine_receipts_for_any_course_never_fail_internally(
    served: str, signing_secret: bytes, paid: Paid
) -> None:
    """Receipts fuzzing cannot forge: signed ones, for seeded and unknown courses."""
    query = "mutation($r: String!) { enrollInCourse(receipt: $r) { id progress { finished } } }"
    for n, course in enumerate(("course-0001", "course-0002", "course-9999", "x")):
        token = receipt(
            signing_secret, course=course, student="user-0999", payment=f"payment-fuzz-{n}",
            paid=paid,
        )  # fmt: skip
        response = httpx.post(f"{served}/graphql", json={"query": query, "variables": {"r": token}})
        assert response.status_code == 200, response.text
        errors = response.json().get("errors") or []
        codes = [(e.get("extensions") or {}).get("code") for e in errors]
        assert "INTERNAL_SERVER_ERROR" not in codes, response.text
