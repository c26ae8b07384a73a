"""Authorization through a real RequestPipeline, planner and stand-in subgraphs: removed fields
come back null with an error, are never asked of a subgraph, and the rest of the answer stands."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from gateway.config import AuthConfig
from gateway.pipeline import PipelineStages, RequestPipeline
from gateway.planner import QueryPlanner
from gateway.policy.auth import DirectiveAuthorizer
from gateway.request import GraphQLRequest, RequestContext
from tests.support.answers import status_of

from .standins import InProcessSubgraphs, standin_supergraph

ANONYMOUS = RequestContext()


def signed_in(*scopes: str) -> RequestContext:
    return RequestContext(claims=MappingProxyType({"sub": "user-1"}), scopes=frozenset(scopes))


class Planned:
    """The stand-in supergraph's planner, counting the operations it plans."""

    def __init__(self) -> None:
        self.planner = QueryPlanner(standin_supergraph())
        self.calls = 0

    def try_plan(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.planner.try_plan(*args, **kwargs)


@pytest.fixture
def subgraphs() -> InProcessSubgraphs:
    return InProcessSubgraphs()


@pytest.fixture
def planner() -> Planned:
    return Planned()


@pytest.fixture
def pipeline(subgraphs: InProcessSubgraphs, planner: Planned) -> RequestPipeline:
    supergraph = standin_supergraph()
    stages = PipelineStages(authorizer=DirectiveAuthorizer(supergraph, AuthConfig()))
    return RequestPipeline(supergraph, planner, subgraphs, stages=stages)


def unauthorized(*paths: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "message": "Unauthorized field or type",
            "path": path,
            "extensions": {"code": "UNAUTHORIZED_FIELD_OR_TYPE"},
        }
        for path in paths
    ]


async def test_removed_fields_are_null_with_errors_and_never_fetched(
    pipeline: RequestPipeline, subgraphs: InProcessSubgraphs
) -> None:
    query = "{ me { id name } users { id name email } }"
    answer = await pipeline.execute(GraphQLRequest(query=query), ANONYMOUS)
    assert status_of(answer) == 200
    assert answer.body == {
        "data": {
            "me": None,
            "users": [
                {"id": "1", "name": "Ada", "email": None},
                {"id": "2", "name": "Grace", "email": None},
            ],
        },
        "errors": unauthorized(["me"], ["users", "@", "email"]),
    }
    [sent] = subgraphs.queries("accounts")
    assert "email" not in sent
    assert "me" not in sent.replace("name", "")


async def test_signed_in_caller_gets_everything(
    pipeline: RequestPipeline, subgraphs: InProcessSubgraphs
) -> None:
    query = "{ me { id email } }"
    answer = await pipeline.execute(GraphQLRequest(query=query), signed_in())
    assert answer.body == {"data": {"me": {"id": "1", "email": "ada@example.com"}}}
    assert "email" in subgraphs.queries("accounts")[0]


async def test_removed_non_null_field_nulls_its_parent(pipeline: RequestPipeline) -> None:
    query = '{ user(id: "2") { id salary } users { id } }'
    answer = await pipeline.execute(GraphQLRequest(query=query), signed_in("other"))
    assert answer.body["data"] == {"user": None, "users": [{"id": "1"}, {"id": "2"}]}
    assert answer.body["errors"] == unauthorized(["user", "salary"])
    granted = await pipeline.execute(GraphQLRequest(query=query), signed_in("hr"))
    assert granted.body["data"]["user"] == {"id": "2", "salary": 2000}


async def test_a_subgraph_whose_fields_are_all_removed_is_not_called(
    pipeline: RequestPipeline, subgraphs: InProcessSubgraphs
) -> None:
    query = "{ users { id } me { reviews { body } } }"
    answer = await pipeline.execute(GraphQLRequest(query=query), ANONYMOUS)
    assert answer.body == {
        "data": {"users": [{"id": "1"}, {"id": "2"}], "me": None},
        "errors": unauthorized(["me"]),
    }
    assert subgraphs.queries("reviews") == []


async def test_rules_of_the_second_subgraph_apply_to_entity_fetches(
    pipeline: RequestPipeline, subgraphs: InProcessSubgraphs
) -> None:
    query = "{ users { id reviews { body authorNote } } }"
    answer = await pipeline.execute(GraphQLRequest(query=query), signed_in())
    assert answer.body == {
        "data": {
            "users": [
                {"id": "1", "reviews": [{"body": "review of 1", "authorNote": None}]},
                {"id": "2", "reviews": [{"body": "review of 2", "authorNote": None}]},
            ]
        },
        "errors": unauthorized(["users", "@", "reviews", "@", "authorNote"]),
    }
    assert all("authorNote" not in q for q in subgraphs.queries("reviews"))
    moderator = await pipeline.execute(GraphQLRequest(query=query), signed_in("moderator"))
    assert moderator.body["data"]["users"][0]["reviews"] == [
        {"body": "review of 1", "authorNote": "note"}
    ]


async def test_everything_removed_answers_nulls_without_calling_any_subgraph(
    pipeline: RequestPipeline, subgraphs: InProcessSubgraphs
) -> None:
    answer = await pipeline.execute(GraphQLRequest(query="query Me { me { id } }"), ANONYMOUS)
    assert answer.body == {"data": {"me": None}, "errors": unauthorized(["me"])}
    assert subgraphs.requests == []


async def test_plans_are_cached_per_authorization_key(
    pipeline: RequestPipeline, planner: Planned
) -> None:
    query = GraphQLRequest(query="{ me { id email } users { salary } }")
    for context in (ANONYMOUS, ANONYMOUS, signed_in(), signed_in("unrelated"), signed_in("hr")):
        await pipeline.execute(query, context)
    # anonymous; signed in without hr (twice: an unknown scope does not split the cache); hr.
    assert planner.calls == 3


async def test_variables_of_removed_fields_are_not_sent(
    pipeline: RequestPipeline, subgraphs: InProcessSubgraphs
) -> None:
    query = "query($id: ID!, $other: ID!) { secretOf(id: $id) user(id: $other) { id } }"
    request = GraphQLRequest(query=query, variables={"id": "1", "other": "2"})
    answer = await pipeline.execute(request, ANONYMOUS)
    assert answer.body == {
        "data": {"secretOf": None, "user": {"id": "2"}},
        "errors": unauthorized(["secretOf"]),
    }
    [sent] = subgraphs.requests
    assert "secretOf" not in sent.query
    granted = await pipeline.execute(request, signed_in())
    assert granted.body == {"data": {"secretOf": "secret of 1", "user": {"id": "2"}}}
