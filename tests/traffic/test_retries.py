"""Retries over real sockets: a query whose kept-alive connection was dropped before any of the
answer arrived is sent again by the HTTP client itself; one whose new connection was dropped
is sent again by the gateway's retries; a mutation never is; the budget caps retries."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.servers import free_port

from .stack import serve_gateway, supergraph_sdl
from .stale import stale_server

FLAKY = {"query": "{ flaky }"}


def _flaky(client: httpx.Client) -> Any:
    return client.post("/graphql", json=FLAKY).json()


def test_a_query_on_a_dropped_keepalive_connection_is_sent_again_without_a_retry() -> None:
    with stale_server() as server:
        sdl = supergraph_sdl({"accounts": server.url, "flaky": server.url})
        with serve_gateway({"retries": {"enabled": False}}, sdl) as (client, _):
            answers = [_flaky(client) for _ in range(4)]
        assert answers == [{"data": {"flaky": "fine"}}] * 4
        assert server.dropped >= 3  # every reuse of a connection was dropped...


def test_a_query_on_a_dropped_new_connection_is_retried() -> None:
    with stale_server(fresh=True) as server:
        sdl = supergraph_sdl({"accounts": server.url, "flaky": server.url})
        with serve_gateway({}, sdl) as (client, _):
            answers = [_flaky(client) for _ in range(4)]
            metrics = client.get("/metrics").text
        assert answers == [{"data": {"flaky": "fine"}}] * 4
        assert server.dropped == 1
        assert 'gateway_subgraph_retries_total{subgraph="flaky"} 1.0' in metrics


def test_without_retries_the_dropped_connection_fails_the_field() -> None:
    with stale_server(fresh=True) as server:
        sdl = supergraph_sdl({"accounts": server.url, "flaky": server.url})
        with serve_gateway({"retries": {"enabled": False}}, sdl) as (client, _):
            first = _flaky(client)
            assert _flaky(client) == {"data": {"flaky": "fine"}}
        assert first["data"] == {"flaky": None}
        assert first["errors"][0]["extensions"]["code"] == "SUBREQUEST_HTTP_ERROR"


def test_a_mutation_is_never_retried() -> None:
    with stale_server() as server:
        sdl = supergraph_sdl({"accounts": server.url, "flaky": server.url})
        mutation = {"query": 'mutation { signIn(email: "a@x") }'}
        with serve_gateway({}, sdl) as (client, _):
            first = client.post("/graphql", json=mutation).json()
            second = client.post("/graphql", json=mutation).json()
        assert first == {"data": {"signIn": "fine"}}
        assert second["errors"][0]["extensions"]["code"] == "SUBREQUEST_HTTP_ERROR"
        assert server.answered == 1


def test_the_budget_caps_retries() -> None:
    with stale_server(fresh=True) as server:
        sdl = supergraph_sdl({"accounts": server.url, "flaky": server.url})
        no_budget = {"retries": {"budget_ratio": 0, "min_retries_per_second": 0}}
        with serve_gateway(no_budget, sdl) as (client, _):
            assert _flaky(client)["errors"][0]["extensions"]["code"] == "SUBREQUEST_HTTP_ERROR"
            assert _flaky(client) == {"data": {"flaky": "fine"}}


def test_a_refused_connection_is_retried_then_reported() -> None:
    down = f"http://127.0.0.1:{free_port()}/graphql"
    with stale_server() as server:
        sdl = supergraph_sdl({"accounts": server.url, "flaky": down})
        data = {"retries": {"max_retries": 2}}
        with serve_gateway(data, sdl) as (client, _):
            answer = _flaky(client)
            metrics = client.get("/metrics").text
        assert answer["errors"][0]["extensions"] == {
            "code": "SUBREQUEST_HTTP_ERROR",
            "serviceName": "flaky",
        }
        assert 'gateway_subgraph_retries_total{subgraph="flaky"} 2.0' in metrics
