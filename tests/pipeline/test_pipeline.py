"""The request pipeline: caching, errors as 4xx responses, variables, introspection, shaping."""

from typing import Any

import pytest
from graphql import build_schema

from gateway.pipeline import RequestPipeline
from gateway.request import GraphQLRequest
from tests.support.answers import status_of

from .standins import CountingPlanner, FakeSupergraph, RecordingFetch


def make(
    data: dict[str, Any] | None = None, **planner: Any
) -> tuple[RequestPipeline, CountingPlanner, RecordingFetch]:
    plans = CountingPlanner(**planner)
    fetch = RecordingFetch(data if data is not None else {"me": {"id": "1", "name": "Ada", "x": 0}})
    return RequestPipeline(FakeSupergraph(), plans, fetch), plans, fetch


async def test_query_is_executed_and_shaped() -> None:
    pipeline, _, _ = make()
    answer = await pipeline.execute(GraphQLRequest(query="{ me { name } }"))
    assert (status_of(answer), answer.body) == (200, {"data": {"me": {"name": "Ada"}}})


async def test_repeated_operation_is_parsed_and_planned_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gateway.operation.documents as documents

    parses = 0
    real_parse = documents.parse

    def counting_parse(*args: Any, **kwargs: Any) -> Any:
        nonlocal parses
        parses += 1
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(documents, "parse", counting_parse)
    pipeline, planner, fetch = make()
    for _ in range(3):
        answer = await pipeline.execute(GraphQLRequest(query="query Me { me { name } }"))
        assert status_of(answer) == 200
    assert parses == 1
    assert planner.calls == [(None, frozenset())]
    assert len(fetch.requests) == 3


async def test_cache_key_includes_operation_name_and_override_labels() -> None:
    pipeline, planner, _ = make()
    query = "query A { me { name } } query B { me { id } }"
    await pipeline.execute(GraphQLRequest(query=query, operation_name="A"))
    await pipeline.execute(GraphQLRequest(query=query, operation_name="B"))
    await pipeline.execute(
        GraphQLRequest(query=query, operation_name="B", override_labels=frozenset({"x"}))
    )
    await pipeline.execute(GraphQLRequest(query=query, operation_name="A"))
    assert planner.calls == [("A", frozenset()), ("B", frozenset()), ("B", frozenset({"x"}))]


async def test_operation_name_picks_the_shape() -> None:
    pipeline, _, _ = make()
    query = "query A { me { name } } query B { me { id } }"
    answer = await pipeline.execute(GraphQLRequest(query=query, operation_name="B"))
    assert answer.body == {"data": {"me": {"id": "1"}}}


@pytest.mark.parametrize(
    ("query", "name", "code"),
    [
        ("{ me { name }", None, "GRAPHQL_PARSE_FAILED"),
        ("{ me { nope } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query A { me { id } } query B { me { id } }", None, "OPERATION_RESOLUTION_FAILURE"),
        ("query A { me { id } }", "Z", "OPERATION_RESOLUTION_FAILURE"),
        ("subscription { ticks }", None, "OPERATION_NOT_SUPPORTED"),
    ],
)
async def test_bad_documents_are_400_with_a_code(query: str, name: str | None, code: str) -> None:
    pipeline, _, fetch = make()
    answer = await pipeline.execute(GraphQLRequest(query=query, operation_name=name))
    assert status_of(answer) == 400
    assert answer.body["errors"][0]["extensions"]["code"] == code
    assert "data" not in answer.body
    assert fetch.requests == []


async def test_parse_error_is_cached_too(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline, _, _ = make()
    first = await pipeline.execute(GraphQLRequest(query="{"))
    second = await pipeline.execute(GraphQLRequest(query="{"))
    assert first == second
    assert len(pipeline.documents._cache) == 1


async def test_bad_variables_are_400_bad_user_input() -> None:
    pipeline, _, fetch = make()
    query = "query($id: ID!) { user(id: $id) { name } }"
    missing = await pipeline.execute(GraphQLRequest(query=query))
    wrong = await pipeline.execute(GraphQLRequest(query=query, variables={"id": {"a": 1}}))
    for answer in (missing, wrong):
        assert status_of(answer) == 400
        assert answer.body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert fetch.requests == []


async def test_variables_are_forwarded_raw_with_defaults() -> None:
    pipeline, _, fetch = make({"hello": "hi"})
    query = 'query($name: String = "Bob", $id: ID!) { hello(name: $name) user(id: $id) { id } }'
    await pipeline.execute(GraphQLRequest(query=query, variables={"id": "9", "junk": 1}))
    assert fetch.requests[0].variables == {"name": "Bob", "id": "9"}


async def test_mutation_over_get_is_refused() -> None:
    pipeline, _, fetch = make()
    request = GraphQLRequest(query='mutation { rename(name: "x") { id } }', allow_mutations=False)
    answer = await pipeline.execute(request)
    assert status_of(answer) == 405
    assert fetch.requests == []


async def test_planner_failure_is_a_500_without_details() -> None:
    pipeline, _, _ = make(fail=True)
    answer = await pipeline.execute(GraphQLRequest(query="{ me { id } }"))
    assert status_of(answer) == 500
    assert answer.body["errors"][0]["extensions"]["code"] == "QUERY_PLANNING_FAILED"
    assert "planner bug" not in str(answer.body)


async def test_introspection_is_answered_by_the_gateway_next_to_subgraph_fields() -> None:
    pipeline, _, _ = make()
    query = '{ me { name } t: __type(name: "User") { name fields { name } } __typename }'
    answer = await pipeline.execute(GraphQLRequest(query=query))
    assert status_of(answer) == 200
    assert answer.body["data"] == {
        "me": {"name": "Ada"},
        "t": {"name": "User", "fields": [{"name": "id"}, {"name": "name"}, {"name": "nick"}]},
        "__typename": "Query",
    }


async def test_schema_introspection_lists_api_types() -> None:
    pipeline, _, _ = make()
    answer = await pipeline.execute(
        GraphQLRequest(query="{ __schema { queryType { name } types { name } } }")
    )
    schema = answer.body["data"]["__schema"]
    assert schema["queryType"] == {"name": "Query"}
    assert {"User", "Color"} <= {t["name"] for t in schema["types"]}


async def test_skip_include_variables_select_shapes() -> None:
    pipeline, _, _ = make()
    query = "query($n: Boolean!) { me { name @include(if: $n) id } }"
    with_name = await pipeline.execute(GraphQLRequest(query=query, variables={"n": True}))
    without = await pipeline.execute(GraphQLRequest(query=query, variables={"n": False}))
    assert with_name.body["data"] == {"me": {"name": "Ada", "id": "1"}}
    assert without.body["data"] == {"me": {"id": "1"}}


async def test_introspection_inside_root_fragments_is_answered() -> None:
    pipeline, _, _ = make()
    query = """
    query { ...Intro ... on Query { t: __type(name: "User") { name } } me { name } }
    fragment Intro on Query { __schema { queryType { name } } }
    """
    answer = await pipeline.execute(GraphQLRequest(query=query))
    assert answer.body == {
        "data": {
            "__schema": {"queryType": {"name": "Query"}},
            "t": {"name": "User"},
            "me": {"name": "Ada"},
        }
    }


@pytest.mark.parametrize("kind", ["mutation", "subscription"])
async def test_operation_type_missing_from_the_schema_is_a_validation_error(kind: str) -> None:
    schema = build_schema("type Query { me: String }")
    plans = CountingPlanner()
    pipeline = RequestPipeline(FakeSupergraph(api_schema=schema), plans, RecordingFetch({}))
    answer = await pipeline.execute(GraphQLRequest(query=f"{kind} {{ me }}"))
    assert status_of(answer) == 400
    assert answer.body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert plans.calls == []
