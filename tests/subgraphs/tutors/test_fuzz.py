"""Schemathesis fuzzing of every root field, federation fields included, on a real socket."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import graphql
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from shared.auth import Viewer
from subgraphs.tutors.app import build_app
from subgraphs.tutors.schema import schema as subgraph_schema
from subgraphs.tutors.seed import seed
from subgraphs.tutors.settings import Settings
from subgraphs.tutors.store import TutorStore
from tests.support.fuzz import any_scalar, assert_answered_cleanly, fuzzed_operations
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

EXAMPLES = 20


def _field(name: str, value: graphql.ValueNode) -> graphql.ObjectFieldNode:
    return graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)


_ids = st.one_of(
    st.sampled_from(["tutor-0001", "tutor-0150", "subject-piano", "user-0001", "it's"]),
    st.text(max_size=30),
).map(nodes.String)
_typenames = st.sampled_from(["Tutor", "Subject", "User", "Money", ""]).map(nodes.String)
_representation = st.one_of(
    st.tuples(_typenames, _ids).map(
        lambda pair: nodes.Object([_field("__typename", pair[0]), _field("id", pair[1])])
    ),
    _typenames.map(lambda t: nodes.Object([_field("__typename", t)])),
    st.integers().map(nodes.Int),
    _ids,
)


# Money amounts: good ones, junk text, and numbers of every kind.
_decimals = st.one_of(
    st.sampled_from(["45.50", "0", "-1", "1000.01", "1e9", "NaN", "Infinity", "x"]).map(
        nodes.String
    ),
    st.text(max_size=12).map(nodes.String),
    st.integers().map(nodes.Int),
    st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
)


@pytest.fixture(scope="module", autouse=True)
def _any_scalar() -> Iterator[None]:
    # `_Any` carries entity representations; schemathesis has no strategy of its own for it,
    # nor for `Decimal` (money).
    with any_scalar(_representation), any_scalar(_decimals, name="Decimal"):
        yield


fuzzed = fuzzed_operations(subgraph_schema)


async def _seeded() -> None:
    store = await TutorStore.open(Settings.from_env())
    try:
        await seed(store)
    finally:
        await store.close()


@pytest.fixture(scope="module")
def served(stores: Any, gateway_secret: str) -> Iterator[str]:
    asyncio.run(_seeded())
    with serve_in_thread(build_app(secret=gateway_secret)) as base:
        yield base


@pytest.fixture(scope="module")
def viewers_headers(gateway_secret: str) -> list[dict[str, str]]:
    """Each case runs anonymously, as a tutor with a profile, a tutor without one, an admin."""
    viewers = [
        Viewer(user_id="user-0001", role="TUTOR"),
        Viewer(user_id="user-7777", role="TUTOR"),
        Viewer(user_id="user-1001", role="ADMIN"),
    ]
    return [{}] + [gateway_identity_headers(v, gateway_secret) for v in viewers]


def test_fuzz_covers_federation_fields_and_mutations() -> None:
    labels = {op.ok().label for op in fuzzed.get_all_operations()}
    assert {
        "Query._entities",
        "Query._service",
        "Query.matchTutors",
        "Mutation.createTutorProfile",
        "Mutation.setTutorSubjects",
    } <= labels


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
