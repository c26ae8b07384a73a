"""A subgraph refusing an operation the gateway generated, and answers missing their data."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest

from gateway.execution import (
    DOWNSTREAM_SERVICE_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    SUBREQUEST_OPERATION_REJECTED,
    execute_plan,
)
from gateway.plan import ANY_INDEX, FlattenNode, Key, QueryPlan, SequenceNode

from .fakes import FakeFetch, entities
from .test_executor import POSTS, POSTS_THEN_USERS, entity, root

SKIP_TWICE = 'The directive "@skip" can only be used once at this location.'
AT = [{"line": 1, "column": 9}]

REFUSALS: list[dict[str, Any]] = [
    # GraphQL over HTTP: a request error has no `data` entry (Apollo Server's codes).
    {
        "errors": [
            {
                "message": 'Cannot query field "x" on type "Query".',
                "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
            }
        ]
    },
    {
        "errors": [
            {
                "message": "Syntax Error: Expected Name.",
                "extensions": {"code": "GRAPHQL_PARSE_FAILED"},
            }
        ]
    },
    # graphql-core behind Strawberry: `data: null`, no code, a location and no path.
    {"data": None, "errors": [{"message": SKIP_TWICE, "locations": [{"line": 1, "column": 9}]}]},
    # The gateway's own `$representations` refused.
    {
        "data": None,
        "errors": [
            {
                "message": "Variable '$representations' got invalid value 1; Expected type",
                "locations": [{"line": 1, "column": 7}],
            }
        ],
    },
]


@pytest.mark.parametrize("body", REFUSALS)
async def test_refused_operation_is_a_gateway_error_at_the_fetch_path(
    body: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    fetch = FakeFetch(a=lambda _r: copy.deepcopy(body))
    plan = QueryPlan(node=root("a", "{ x: thing { id } }"))
    with caplog.at_level(logging.ERROR, logger="gateway.execution.executor"):
        result = await execute_plan(plan, variables={}, fetch=fetch)
    [error] = result.errors
    assert error["path"] == ["x"]
    assert error["extensions"] == {"code": SUBREQUEST_OPERATION_REJECTED, "serviceName": "a"}
    # Not the subgraph's words, as if the client had sent the operation.
    assert body["errors"][0]["message"] not in error["message"]
    assert "gateway" in error["message"]
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    logged = record.getMessage()
    assert body["errors"][0]["message"] in logged
    assert "QueryPlan {" in logged
    assert 'Fetch(service: "a")' in logged


async def test_refused_entity_fetch_is_located_like_a_failed_fetch(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS),
        users=lambda _r: {"data": None, "errors": [{"message": SKIP_TWICE, "locations": AT}]},
    )
    with caplog.at_level(logging.ERROR, logger="gateway.execution.executor"):
        result = await execute_plan(
            POSTS_THEN_USERS, variables={}, fetch=fetch, plan_text=lambda: "the cached plan"
        )
    [error] = result.errors
    assert error["path"] == ["posts", 0, "author", "name"]
    assert error["extensions"] == {"code": SUBREQUEST_OPERATION_REJECTED, "serviceName": "users"}
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "the cached plan" in record.getMessage()
    assert "_entities" in record.getMessage()  # the refused operation itself


async def test_refused_operation_that_does_not_even_print_is_still_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    refusal = {
        "message": "Syntax Error: Unexpected <EOF>.",
        "locations": [{"line": 1, "column": 6}],
    }
    fetch = FakeFetch(a=lambda _r: {"errors": [refusal]})
    plan = QueryPlan(node=root("a", "{ x {"))
    with caplog.at_level(logging.ERROR, logger="gateway.execution.executor"):
        result = await execute_plan(plan, variables={}, fetch=fetch)
    assert result.errors[0]["extensions"]["code"] == SUBREQUEST_OPERATION_REJECTED
    assert "{ x {" in caplog.records[-1].getMessage()


NOT_REFUSALS: list[dict[str, Any]] = [
    # An execution error: located at a field.
    {"data": None, "errors": [{"message": "boom", "path": ["x"]}]},
    # The subgraph coded it as something else than a parse or validation failure.
    {"errors": [{"message": "Unauthorized", "extensions": {"code": "UNAUTHENTICATED"}}]},
    # Neither coded nor pointing into the document: a proxy's or a middleware's refusal.
    {"errors": [{"message": "Unauthorized"}]},
    # About the value of a variable the client sent (a custom scalar the subgraph refuses).
    {
        "data": None,
        "errors": [
            {
                "message": "Variable '$when' got invalid value 'soon'; Expected type 'DateTime'.",
                "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
            }
        ],
    },
    {
        "errors": [
            {
                "message": 'Variable "$when" got invalid value "soon".',
                "locations": [{"line": 1, "column": 7}],
            }
        ]
    },
]


@pytest.mark.parametrize("body", NOT_REFUSALS)
async def test_other_request_errors_are_passed_on(
    body: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    fetch = FakeFetch(a=lambda _r: copy.deepcopy(body))
    operation = "query($when: DateTime){ x(when: $when) }"
    plan = QueryPlan(node=root("a", operation, variable_usages=("when",)))
    with caplog.at_level(logging.ERROR, logger="gateway.execution.executor"):
        result = await execute_plan(plan, variables={"when": "soon"}, fetch=fetch)
    [error] = result.errors
    assert error["message"] == body["errors"][0]["message"]
    assert error["extensions"]["serviceName"] == "a"
    assert error["extensions"]["code"] != SUBREQUEST_OPERATION_REJECTED
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_null_data_without_errors_is_malformed() -> None:
    fetch = FakeFetch(a=lambda _r: {"data": None})
    result = await execute_plan(QueryPlan(node=root("a", "{x}")), variables={}, fetch=fetch)
    [error] = result.errors
    assert error["path"] == ["x"]
    assert error["extensions"] == {"code": SUBREQUEST_MALFORMED_RESPONSE, "serviceName": "a"}


async def test_entities_missing_without_errors_is_malformed() -> None:
    fetch = FakeFetch(posts=lambda _r: copy.deepcopy(POSTS), users=lambda _r: {"data": {}})
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    [error] = result.errors
    assert error["path"] == ["posts", 0, "author", "name"]
    assert error["extensions"] == {"code": SUBREQUEST_MALFORMED_RESPONSE, "serviceName": "users"}


async def test_entities_missing_with_errors_reports_only_those() -> None:
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS),
        users=lambda _r: {"data": None, "errors": [{"message": "down", "path": ["_entities"]}]},
    )
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    assert [e["message"] for e in result.errors] == ["down"]
    assert result.errors[0]["extensions"]["code"] == DOWNSTREAM_SERVICE_ERROR


async def test_entities_item_that_is_not_an_object_is_an_error_at_its_object() -> None:
    answers = iter([{"name": "one"}, "two?"])
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS), users=entities(lambda _rep: next(answers))
    )
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    [error] = result.errors
    assert error["path"] == ["posts", 1, "author", "name"]  # the second representation's object
    assert error["extensions"] == {"code": SUBREQUEST_MALFORMED_RESPONSE, "serviceName": "users"}
    authors = [post["author"] for post in result.data["posts"]]
    assert authors[0]["name"] == authors[2]["name"] == "one"
    assert "name" not in authors[1]


async def test_entity_fetch_answering_null_items_with_errors_is_not_malformed() -> None:
    plan = QueryPlan(
        node=SequenceNode(
            nodes=(
                root("posts"),
                FlattenNode(
                    path=(Key(name="posts"), ANY_INDEX, Key(name="author")), node=entity("users")
                ),
            )
        )
    )
    fetch = FakeFetch(posts=lambda _r: copy.deepcopy(POSTS), users=entities(lambda _rep: None))
    result = await execute_plan(plan, variables={}, fetch=fetch)
    assert result.errors == []
