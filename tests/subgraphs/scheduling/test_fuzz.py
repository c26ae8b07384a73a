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
from subgraphs.scheduling.app import build_app
from subgraphs.scheduling.schema import schema as subgraph_schema
from subgraphs.scheduling.seed import seed
from subgraphs.scheduling.settings import Settings
from subgraphs.scheduling.store import Store
from tests.subgraphs.scheduling.helpers import NOW
from tests.support.fuzz import any_scalar, assert_answered_cleanly, fuzzed_operations
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores


def _field(name: str, value: graphql.ValueNode) -> graphql.ObjectFieldNode:
    return graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)


_ids = st.one_of(
    st.sampled_from(["tutor-0001", "tutor-0042", "user-0201", "user-0001", "booking-00001"]),
    st.text(max_size=20),
).map(nodes.String)
_typenames = st.sampled_from(["Booking", "Tutor", "User", "Review", ""]).map(nodes.String)
_representation = st.one_of(
    st.tuples(_typenames, _ids).map(
        lambda pair: nodes.Object([_field("__typename", pair[0]), _field("id", pair[1])])
    ),
    _typenames.map(lambda t: nodes.Object([_field("__typename", t)])),
    st.integers().map(nodes.Int),
    _ids,
)


@pytest.fixture(scope="module", autouse=True)
def _any_scalar() -> Iterator[None]:
    with any_scalar(_representation):
        yield


EXAMPLES = 25


async def _seeded() -> None:
    store = Store.connect(Settings.from_env())
    try:
        await seed(store)
    finally:
        await store.close()


@pytest.fixture(scope="module")
def served(stores: Any, gateway_secret: str) -> Iterator[str]:
    asyncio.run(_seeded())
    with serve_in_thread(build_app(secret=gateway_secret, clock=lambda: NOW)) as base:
        yield base


@pytest.fixture(scope="module")
def viewers_headers(gateway_secret: str) -> list[dict[str, str]]:
    """Each case runs as an anonymous client, a student and an admin."""
    viewers = [
        Viewer(user_id="user-0201", role="STUDENT"),
        Viewer(user_id="user-1001", role="ADMIN"),
    ]
    return [{}] + [gateway_identity_headers(v, gateway_secret) for v in viewers]


fuzzed = fuzzed_operations(subgraph_schema)


def test_fuzz_schema_includes_federation_fields() -> None:
    labels = {op.ok().label for op in fuzzed.get_all_operations()}
    assert {"Query._entities", "Query._service", "Mutation.bookLesson"} <= labels


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
