"""Subgraph errors and failures: re-pathed, tagged, partial data, no crash, no leaked secrets."""

import asyncio
import copy
import logging
from typing import Any

import pytest

from gateway.execution import (
    DOWNSTREAM_SERVICE_ERROR,
    GATEWAY_TIMEOUT,
    INTERNAL_SERVER_ERROR,
    SUBREQUEST_HTTP_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    ExecutionOptions,
    SubgraphFetchError,
    SubgraphRequest,
    execute_plan,
)
from gateway.plan import FetchNode, ParallelNode, QueryPlan

from .fakes import FakeFetch, hang_forever
from .test_executor import POSTS, POSTS_THEN_USERS, root


def failing(error: Exception) -> Any:
    def handler(_request: SubgraphRequest) -> Any:
        raise error

    return handler


async def test_entities_error_is_repathed_to_the_object_it_came_from() -> None:
    def users(request: SubgraphRequest) -> Any:
        reps = request.variables["representations"]
        return {
            "data": {"_entities": [{"name": "a"}, None][: len(reps)]},
            "errors": [
                {
                    "message": "no such user",
                    "path": ["_entities", 1, "name"],
                    "locations": [{"line": 1, "column": 2}],
                    "extensions": {"code": "NOT_FOUND"},
                }
            ],
        }

    fetch = FakeFetch(posts=lambda _r: copy.deepcopy(POSTS), users=users)
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    assert result.errors == [
        {
            "message": "no such user",
            "path": ["posts", 1, "author", "name"],
            "extensions": {"code": "NOT_FOUND", "serviceName": "users"},
        }
    ]
    assert result.data["posts"][0]["author"]["name"] == "a"


async def test_root_error_keeps_its_path_and_names_the_subgraph() -> None:
    fetch = FakeFetch(
        a=lambda _r: {"data": {"x": None}, "errors": [{"message": "m", "path": ["x"]}]}
    )
    result = await execute_plan(QueryPlan(node=root("a", "{x}")), variables={}, fetch=fetch)
    assert result.errors == [
        {
            "message": "m",
            "path": ["x"],
            "extensions": {"code": DOWNSTREAM_SERVICE_ERROR, "serviceName": "a"},
        }
    ]


async def test_subgraph_errors_keep_their_own_code_and_get_one_otherwise() -> None:
    errors = [
        {"message": "m1", "path": ["x"], "extensions": {"code": "FORBIDDEN", "why": 1}},
        {"message": "m2", "path": ["x"], "extensions": {"code": None}},
        {"message": "m3", "path": ["x"], "extensions": "not an object"},
        {"message": "m4"},
    ]
    fetch = FakeFetch(a=lambda _r: {"data": {"x": None}, "errors": errors})
    result = await execute_plan(QueryPlan(node=root("a", "{x}")), variables={}, fetch=fetch)
    assert [e["extensions"] for e in result.errors] == [
        {"code": "FORBIDDEN", "why": 1, "serviceName": "a"},
        {"code": DOWNSTREAM_SERVICE_ERROR, "serviceName": "a"},
        {"code": DOWNSTREAM_SERVICE_ERROR, "serviceName": "a"},
        {"code": DOWNSTREAM_SERVICE_ERROR, "serviceName": "a"},
    ]


async def test_entities_error_without_a_code_gets_one() -> None:
    def users(request: SubgraphRequest) -> Any:
        reps = request.variables["representations"]
        return {
            "data": {"_entities": [None] * len(reps)},
            "errors": [{"message": "gone", "path": ["_entities", 0, "name"]}],
        }

    fetch = FakeFetch(posts=lambda _r: copy.deepcopy(POSTS), users=users)
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    assert result.errors == [
        {
            "message": "gone",
            "path": ["posts", 0, "author", "name"],
            "extensions": {"code": DOWNSTREAM_SERVICE_ERROR, "serviceName": "users"},
        }
    ]


async def test_http_failure_gives_partial_data_and_a_coded_error() -> None:
    fetch = FakeFetch(
        a=lambda _r: {"data": {"x": 1}},
        b=failing(
            SubgraphFetchError("HTTP fetch failed from 'b': 500.", code=SUBREQUEST_HTTP_ERROR)
        ),
    )
    plan = QueryPlan(node=ParallelNode(nodes=(root("a", "{x}"), root("b", "{ y: why { z } }"))))
    result = await execute_plan(plan, variables={}, fetch=fetch)
    assert result.data == {"x": 1}
    assert result.errors == [
        {
            "message": "HTTP fetch failed from 'b': 500.",
            "path": ["y"],
            "extensions": {"code": SUBREQUEST_HTTP_ERROR, "serviceName": "b"},
        }
    ]


async def test_timed_out_fetch_gives_partial_data_and_error_with_path() -> None:
    fetch = FakeFetch(a=lambda _r: {"data": {"x": 1}}, slow=lambda _r: hang_forever())
    plan = QueryPlan(node=ParallelNode(nodes=(root("a", "{x}"), root("slow", "{y}"))))
    options = ExecutionOptions(default_timeout=60, timeouts={"slow": 0.05})
    result = await execute_plan(plan, variables={}, fetch=fetch, options=options)
    assert result.data == {"x": 1}
    [error] = result.errors
    assert error["path"] == ["y"]
    assert error["extensions"] == {"code": GATEWAY_TIMEOUT, "serviceName": "slow"}
    assert "slow" in error["message"]


async def test_timeout_is_on_by_default() -> None:
    assert ExecutionOptions().timeout_for("any") is not None


async def test_timed_out_entity_fetch_error_points_at_the_first_object() -> None:
    fetch = FakeFetch(posts=lambda _r: copy.deepcopy(POSTS), users=lambda _r: hang_forever())
    result = await execute_plan(
        POSTS_THEN_USERS,
        variables={},
        fetch=fetch,
        options=ExecutionOptions(default_timeout=0.05),
    )
    [error] = result.errors
    assert error["path"] == ["posts", 0, "author", "name"]
    assert error["extensions"]["serviceName"] == "users"
    assert "name" not in result.data["posts"][0]["author"]


async def test_malformed_responses_become_errors() -> None:
    shapes: list[Any] = ["not an object", {"neither": 1}, {"data": [1]}, {"errors": "x"}]
    for shape in shapes:
        fetch = FakeFetch(a=lambda _r, shape=shape: shape)
        result = await execute_plan(QueryPlan(node=root("a", "{x}")), variables={}, fetch=fetch)
        [error] = result.errors
        assert error["extensions"]["code"] == SUBREQUEST_MALFORMED_RESPONSE, shape
        assert result.data == {}


async def test_entities_list_of_wrong_length_is_malformed() -> None:
    fetch = FakeFetch(
        posts=lambda _r: copy.deepcopy(POSTS),
        users=lambda _r: {"data": {"_entities": [{"name": "a"}]}},
    )
    result = await execute_plan(POSTS_THEN_USERS, variables={}, fetch=fetch)
    [error] = result.errors
    assert error["extensions"]["code"] == SUBREQUEST_MALFORMED_RESPONSE
    assert "name" not in result.data["posts"][0]["author"]


async def test_unexpected_exception_in_fetch_is_contained_and_does_not_echo_details() -> None:
    secret = "s3cr3t-token"
    fetch = FakeFetch(a=failing(RuntimeError(f"boom with {secret}")))
    plan = QueryPlan(node=root("a", "query($t: String){x(t:$t)}", variable_usages=("t",)))
    result = await execute_plan(plan, variables={"t": secret}, fetch=fetch)
    [error] = result.errors
    assert error["extensions"]["code"] == INTERNAL_SERVER_ERROR
    assert secret not in repr(result.errors)


async def test_subgraph_error_without_message_gets_a_placeholder() -> None:
    fetch = FakeFetch(a=lambda _r: {"data": None, "errors": [{"path": ["x"]}, "junk"]})
    result = await execute_plan(QueryPlan(node=root("a", "{x}")), variables={}, fetch=fetch)
    assert [e["extensions"]["serviceName"] for e in result.errors] == ["a", "a"]
    assert all(isinstance(e["message"], str) for e in result.errors)


async def test_cancelled_request_cancels_subgraph_fetches() -> None:
    cancelled = asyncio.Event()
    started = asyncio.Event()

    async def slow(_request: SubgraphRequest) -> Any:
        started.set()
        try:
            await hang_forever()
        finally:
            cancelled.set()

    fetch = FakeFetch(a=slow)
    task = asyncio.ensure_future(
        execute_plan(
            QueryPlan(node=FetchNode(service_name="a", operation="{x}")), variables={}, fetch=fetch
        )
    )
    await started.wait()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert cancelled.is_set()


async def test_failed_fetch_is_logged_for_operators(caplog: pytest.LogCaptureFixture) -> None:
    fetch = FakeFetch(a=lambda _r: hang_forever())
    with caplog.at_level(logging.WARNING, logger="gateway.execution.executor"):
        await execute_plan(
            QueryPlan(node=root("a", "{x}")),
            variables={},
            fetch=fetch,
            options=ExecutionOptions(default_timeout=0.01),
        )
    assert any("GATEWAY_TIMEOUT" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("code", "logged"),
    [("SUBGRAPH_UNAVAILABLE", False), ("RATE_LIMITED", False), (SUBREQUEST_HTTP_ERROR, True)],
)
async def test_refusals_by_traffic_controls_are_not_logged_per_fetch(
    caplog: pytest.LogCaptureFixture, code: str, logged: bool
) -> None:
    fetch = FakeFetch(posts=failing(SubgraphFetchError("refused", code=code)))
    with caplog.at_level(logging.WARNING, logger="gateway.execution"):
        result = await execute_plan(
            QueryPlan(node=root("posts", "{posts{id}}")), variables={}, fetch=fetch
        )
    assert result.errors[0]["extensions"]["code"] == code
    warned = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert bool(warned) is logged


async def test_parallel_fetches_run_together_and_a_cancelled_request_cancels_each() -> None:
    started = {"a": asyncio.Event(), "b": asyncio.Event(), "c": asyncio.Event()}
    cancelled: set[str] = set()

    def waiting(name: str) -> Any:
        async def fetch(_request: SubgraphRequest) -> Any:
            started[name].set()
            try:
                # Each waits for the others to start: only concurrent fetches get past this.
                for event in started.values():
                    await event.wait()
                await hang_forever()
            finally:
                cancelled.add(name)

        return fetch

    fetch = FakeFetch(a=waiting("a"), b=waiting("b"), c=waiting("c"))
    plan = QueryPlan(
        node=ParallelNode(
            nodes=tuple(FetchNode(service_name=name, operation="{x}") for name in "abc")
        )
    )
    task = asyncio.ensure_future(execute_plan(plan, variables={}, fetch=fetch))
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in started.values())), 5)
    task.cancel()
    results = await asyncio.gather(task, return_exceptions=True)
    assert isinstance(results[0], asyncio.CancelledError)
    assert cancelled == {"a", "b", "c"}
