"""Schemathesis fuzzes every operation, `_entities`/`_service` included, over a real socket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import graphql
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

from shared.auth import Viewer
from subgraphs.reviews.app import build_app
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import review
from tests.support.fuzz import any_scalar
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

pytestmark = pytest.mark.stores

_IDS = st.one_of(
    st.sampled_from(
        ["review-t0001", "review-t0002", "tutor-0001", "tutor-0003", "user-1001", "course-1"]
    ),
    st.from_regex(r"(review|tutor|course|user)-[0-9a-z_-]{0,6}", fullmatch=True),
    st.text(max_size=20),
)


def _field(name: str, value: graphql.ValueNode) -> graphql.ObjectFieldNode:
    return graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)


# A representation as a gateway sends it, with some wrong keys and id types mixed in.
_REPRESENTATION = st.builds(
    lambda typename, key, value: nodes.Object([_field("__typename", typename), _field(key, value)]),
    st.sampled_from(["Review", "Tutor", "Course", "User"]).map(nodes.String),
    st.sampled_from(["id", "id", "id", "name"]),
    st.one_of(_IDS.map(nodes.String), st.integers(-5, 5).map(nodes.Int), st.just(nodes.Null)),
)


@pytest.fixture(scope="module", autouse=True)
def _any_scalar() -> Iterator[None]:
    with any_scalar(_REPRESENTATION):
        yield


@pytest.fixture(scope="module")
async def fuzz_url(settings_for_fuzz: Settings, gateway_secret: str) -> AsyncIterator[str]:
    store = ReviewStore(settings_for_fuzz)
    await store.open()
    await store.reset()
    await store.insert_many(
        [review(1, tutor="tutor-0001"), review(2, tutor="tutor-0003"), review(3, course="course-1")]
    )
    await store.close()
    with serve_in_thread(build_app(settings_for_fuzz, secret=gateway_secret)) as base:
        yield base


@pytest.fixture(scope="module")
def settings_for_fuzz(settings: Settings) -> Settings:
    return Settings(
        mongo_url=settings.mongo_url,
        database="reviews_fuzz",
        scheduling_url=settings.scheduling_url,
        learning_url=settings.learning_url,
    )


# Every root field we serve; the federation ones only appear when explicitly included.
OPERATIONS = (
    "Query._entities",
    "Query._service",
    "Query.review",
    "Mutation.submitReview",
    "Mutation.reviewCourse",
    "Mutation.deleteReview",
)


@pytest.fixture(scope="module")
def operations(fuzz_url: str) -> dict[str, Any]:
    schema = schemathesis.graphql.from_url(f"{fuzz_url}/graphql").include(name_regex=".")
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


def _assert_clean(response: Any) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code is not None, error
        assert code != "INTERNAL_SERVER_ERROR", error
        assert "Traceback" not in str(error)


def test_fuzzing_covers_every_root_field_including_federation(operations: dict[str, Any]) -> None:
    assert set(operations) == set(OPERATIONS)


# pytest 9 broke Schemathesis' lazy `from_fixture` loader, so each operation's strategy is
# driven by Hypothesis directly; the checks are ours.
@pytest.mark.parametrize("label", OPERATIONS)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_fails_on_the_server(
    operations: dict[str, Any], gateway_secret: str, label: str, mode: GenerationMode
) -> None:
    viewer = Viewer(user_id="user-0900", role="STUDENT")
    signed_in = gateway_identity_headers(viewer, gateway_secret)
    calls: list[int] = []

    @given(case=operations[label].as_strategy(generation_mode=mode))
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        _assert_clean(case.call())
        _assert_clean(case.call(headers=signed_in))
        calls.append(1)

    run()
    assert calls, f"no example generated for {label}"
