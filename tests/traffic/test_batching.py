"""Batched requests over a real socket: opt-in, bounded, answered in order, each operation with
its own errors, limits and rate limits."""

from __future__ import annotations

from typing import Any

import httpx

from .stack import serve_gateway

BATCHING = {"batching": {"enabled": True, "max_size": 3}}


def _batch(client: httpx.Client, *operations: Any, **headers: str) -> httpx.Response:
    return client.post("/graphql", json=list(operations), headers=headers or None)


def test_each_operation_is_answered_in_order_with_its_own_errors(sdl: str) -> None:
    with serve_gateway(BATCHING, sdl) as (client, _):
        response = _batch(
            client,
            {"query": "{ hello }"},
            {"query": "{ nope }"},
            {"query": "query Me { me { name } }", "operationName": "Me"},
        )
        assert response.status_code == 200
        first, second, third = response.json()
        assert first == {"data": {"hello": "world"}}
        assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert third == {"data": {"me": {"name": "user-1"}}}
        # A malformed item and a limit apply to that item only.
        mixed = _batch(client, 1, {"query": "{ me { name } }"}, {"query": "{ hello }"})
        malformed, ok, hello = mixed.json()
        assert malformed["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert ok == {"data": {"me": {"name": "user-1"}}}
        assert hello == {"data": {"hello": "world"}}


def test_depth_limits_apply_per_operation(sdl: str) -> None:
    data = {**BATCHING, "limits": {"max_depth": 1}}
    with serve_gateway(data, sdl) as (client, _):
        shallow, deep = _batch(client, {"query": "{ hello }"}, {"query": "{ me { name } }"}).json()
        assert shallow == {"data": {"hello": "world"}}
        assert deep["errors"][0]["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"


def test_batches_are_refused_unless_enabled(sdl: str) -> None:
    with serve_gateway({}, sdl) as (client, _):
        response = _batch(client, {"query": "{ hello }"})
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "BATCHING_NOT_ENABLED"


def test_a_batch_over_the_limit_is_413_and_an_empty_one_400(sdl: str) -> None:
    with serve_gateway(BATCHING, sdl) as (client, _):
        over = _batch(client, *[{"query": "{ hello }"}] * 4)
        assert over.status_code == 413
        [error] = over.json()["errors"]
        assert error["extensions"]["code"] == "BATCH_LIMIT_EXCEEDED"
        assert "at most 3" in error["message"]
        empty = client.post("/graphql", json=[])
        assert empty.status_code == 400
        assert "empty" in empty.json()["errors"][0]["message"]


def test_rate_limits_count_each_operation(sdl: str) -> None:
    data = {**BATCHING, "rate_limits": {"per_client": {"limit": 2, "window_seconds": 60}}}
    with serve_gateway(data, sdl) as (client, _):
        response = _batch(client, *[{"query": "{ hello }"}] * 3)
        assert response.status_code == 200
        first, second, third = response.json()
        assert first == second == {"data": {"hello": "world"}}
        assert third["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # Every operation refused: the batch is 429 with Retry-After.
        refused = _batch(client, {"query": "{ hello }"}, {"query": "{ hello }"})
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1


def test_each_operation_is_counted_in_the_metrics(sdl: str) -> None:
    with serve_gateway(BATCHING, sdl) as (client, _):
        _batch(
            client,
            {"query": "query A { hello }", "operationName": "A"},
            {"query": "query B { hello }", "operationName": "B"},
        )
        metrics = client.get("/metrics").text
        assert 'gateway_requests_total{operation="A",outcome="success"} 1.0' in metrics
        assert 'gateway_requests_total{operation="B",outcome="success"} 1.0' in metrics


def test_a_refused_token_refuses_the_whole_batch(sdl: str) -> None:
    with serve_gateway(BATCHING, sdl) as (client, _):
        response = _batch(client, {"query": "{ hello }"}, authorization="Bearer nope")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        [answer] = response.json()
        assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
