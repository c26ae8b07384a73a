"""Schemathesis fuzzes every root field, federation's included, against the app on a socket.

Whatever it sends, the answer is a 2xx/4xx with coded errors: never a 5xx, never an
INTERNAL_SERVER_ERROR (which would mean an exception we did not turn into a domain error).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import graphql
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from shared.auth import Viewer
from subgraphs.accounts.app import build_app
from subgraphs.accounts.settings import Settings
from tests.support.fuzz import any_scalar
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_in_thread

EXAMPLES_PER_OPERATION = 25
# Every root field, spelled out so that a new one shows up here (and in the count below).
OPERATIONS = (
    "Query._entities",
    "Query._service",
    "Query.me",
    "Query.user",
    "Query.users",
    "Mutation.signUp",
    "Mutation.confirmSignUp",
    "Mutation.signIn",
)


def _field(name: str, value: graphql.ValueNode) -> graphql.ObjectFieldNode:
    return graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)


_ids = st.one_of(
    st.integers(1, 1100).map(lambda n: nodes.String(f"user-{n:04d}")),
    st.text(max_size=40).map(nodes.String),
    st.sampled_from(["", "user-\x00", "\ud800", "user-0001 ", "USER-0001"]).map(nodes.String),
    st.integers().map(nodes.Int),
    st.just(nodes.Null),
    st.lists(st.text(max_size=5).map(nodes.String), max_size=2).map(
        lambda values: nodes.List(list[graphql.ValueNode](values))
    ),
)
# `_Any` representations as a gateway sends them, plus the malformed ones it should not send.
_representations = st.one_of(
    st.builds(
        lambda typename, id_, extra: nodes.Object(
            ([] if typename is None else [_field("__typename", typename)])
            + ([] if id_ is None else [_field("id", id_)])
            + ([] if extra is None else [_field("extra", extra)])
        ),
        st.one_of(
            st.just(nodes.String("User")),
            st.none(),
            st.sampled_from(["Query", "Nope", "UserEdge", ""]).map(nodes.String),
            st.integers().map(nodes.Int),
        ),
        st.one_of(st.none(), _ids),
        st.one_of(st.none(), st.text(max_size=10).map(nodes.String)),
    ),
    st.text(max_size=10).map(nodes.String),
    st.integers().map(nodes.Int),
)


@pytest.fixture(scope="module", autouse=True)
def _any_scalar() -> Iterator[None]:
    with any_scalar(_representations):
        yield


@pytest.fixture(scope="module")
def base_url(settings: Settings, gateway_secret: str) -> Iterator[str]:
    with serve_in_thread(build_app(settings, secret=gateway_secret)) as url:
        yield url


@pytest.fixture(scope="module")
def accounts_api(base_url: str) -> Any:
    loaded = schemathesis.graphql.from_url(f"{base_url}/graphql")
    # Federation fields are skipped unless a filter names them explicitly.
    return loaded.include(name=list(OPERATIONS))


def test_fuzz_covers_every_root_field_including_federation(accounts_api: Any) -> None:
    labels = sorted(result.ok().label for result in accounts_api.get_all_operations())
    assert labels == sorted(OPERATIONS)


# Driven through Hypothesis directly: schemathesis' pytest plugin (`from_fixture`) does not
# run under pytest 9 (it reads a private node attribute that pytest removed).
@pytest.mark.usefixtures("store")
@pytest.mark.parametrize("label", OPERATIONS)
def test_fuzzed_operation_never_fails_internally(
    accounts_api: Any, gateway_secret: str, label: str
) -> None:
    operation = accounts_api.find_operation_by_label(label)
    assert operation is not None
    # The user directory is for admins: fuzz its arguments as one, the rest as a student.
    viewer = (
        Viewer(user_id="user-1001", role="ADMIN")
        if label == "Query.users"
        else Viewer(user_id="user-0201", role="STUDENT")
    )
    headers = gateway_identity_headers(viewer, gateway_secret)
    seen: list[int] = []

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        response = case.call(headers=headers, timeout=60)
        seen.append(response.status_code)
        assert response.status_code < 500, response.text
        body = response.json()
        codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or ()]
        assert "INTERNAL_SERVER_ERROR" not in codes, (case.body, body)
        assert "Traceback" not in response.text

    check()
    assert seen, "no request was sent"
