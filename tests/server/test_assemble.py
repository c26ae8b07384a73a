"""`build_app` from a `GatewayConfig`: every configured stage takes part in a real request."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
import pytest

from gateway.config import (
    GatewayConfig,
    LimitsConfig,
    SupergraphConfig,
    TelemetryConfig,
)
from gateway.server.factory import StartFailure, build_app
from tests.support.servers import serve_in_thread

from .subgraphs import ChaosControl, supergraph_sdl

INTROSPECTION = "{ __schema { queryType { name } } }"
# Depth 3: me -> reviews -> body.
DEEP = "{ me { reviews { body } } }"
JSON = {"content-type": "application/json"}


def _serve(config: GatewayConfig) -> Iterator[httpx.Client]:
    app = build_app(config)
    assert not isinstance(app, StartFailure), app
    with serve_in_thread(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def supergraph_file(
    subgraph_urls: tuple[dict[str, str], ChaosControl],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    path = tmp_path_factory.mktemp("assemble") / "supergraph.graphql"
    path.write_text(supergraph_sdl(subgraph_urls[0]), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def production(supergraph_file: str) -> Iterator[httpx.Client]:
    config = GatewayConfig(
        supergraph=SupergraphConfig(file=supergraph_file, poll_interval_seconds=0),
        limits=LimitsConfig(max_depth=2),
    )
    yield from _serve(config)


@pytest.fixture(scope="module")
def dev(supergraph_file: str) -> Iterator[httpx.Client]:
    config = GatewayConfig(
        dev=True,
        supergraph=SupergraphConfig(file=supergraph_file, poll_interval_seconds=0),
        telemetry=TelemetryConfig(log_format="text"),
    )
    yield from _serve(config)


def test_production_refuses_introspection(production: httpx.Client) -> None:
    answer = production.post("/graphql", json={"query": INTROSPECTION})
    assert answer.json()["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"


def test_dev_answers_introspection_and_shows_the_plan(dev: httpx.Client) -> None:
    body = dev.post("/graphql", json={"query": INTROSPECTION}).json()
    assert body["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    plan = dev.post("/graphql", json={"query": DEEP}).json()["extensions"]["queryPlan"]
    assert "accounts" in plan
    assert "reviews" in plan


def test_configured_depth_limit_applies(production: httpx.Client, dev: httpx.Client) -> None:
    refused = production.post("/graphql", json={"query": DEEP}).json()
    assert refused["errors"][0]["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"
    # The default limit (15) lets the same query through.
    assert "errors" not in dev.post("/graphql", json={"query": DEEP}).json()


def test_automatic_persisted_queries_round_trip(production: httpx.Client) -> None:
    query = "{ me { name } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    missing = production.post("/graphql", json={"extensions": extensions}).json()
    assert missing["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    stored = production.post("/graphql", json={"query": query, "extensions": extensions})
    hashed = production.post("/graphql", json={"extensions": extensions})
    assert hashed.json() == stored.json()
    assert "data" in hashed.json()


def test_metrics_count_requests_by_outcome(production: httpx.Client) -> None:
    production.post("/graphql", json={"query": "query Named { me { name } }"})
    exposition = production.get("/metrics").text
    lines = [line for line in exposition.splitlines() if 'operation="Named"' in line]
    assert any("success" in line for line in lines), exposition


def test_request_id_is_echoed(production: httpx.Client) -> None:
    answer = production.post(
        "/graphql", json={"query": "{ me { name } }"}, headers={"x-request-id": "abc-123"}
    )
    assert answer.headers["x-request-id"] == "abc-123"
