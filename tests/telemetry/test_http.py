"""The whole server: /metrics, access-log lines and exported spans after real HTTP requests."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from prometheus_client.parser import text_string_to_metric_families

from gateway.config import GatewayConfig
from gateway.config.model import AuthConfig, SupergraphConfig, TelemetryConfig
from gateway.server.factory import StartFailure, build_app
from gateway.telemetry import JsonFormatter
from gateway.telemetry.logs import RequestIdFilter
from tests.server.subgraphs import ACCOUNTS, REVIEWS_SCHEMA, strawberry_app, supergraph_sdl
from tests.support.servers import free_port, serve_in_thread

QUERY = "query MyReviews { me { name reviews { stars } } }"


@pytest.fixture(scope="module")
def supergraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with contextlib.ExitStack() as stack:
        accounts = stack.enter_context(serve_in_thread(strawberry_app(ACCOUNTS)))
        reviews = stack.enter_context(serve_in_thread(strawberry_app(REVIEWS_SCHEMA)))
        urls = {
            "accounts": f"{accounts}/graphql",
            "reviews": f"{reviews}/graphql",
            "chaos": f"http://127.0.0.1:{free_port()}/graphql",  # nobody listens
        }
        path = tmp_path_factory.mktemp("supergraph") / "supergraph.graphql"
        path.write_text(supergraph_sdl(urls), encoding="utf-8")
        yield path


@pytest.fixture
def access_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    access = logging.getLogger("gateway.access")
    level = access.level
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        access.removeHandler(handler)
        access.setLevel(level)


def _config(supergraph: Path, telemetry: TelemetryConfig) -> GatewayConfig:
    return GatewayConfig(
        supergraph=SupergraphConfig(file=str(supergraph), poll_interval_seconds=0),
        auth=AuthConfig(jwt_enabled=False),
        telemetry=telemetry,
    )


def test_metrics_endpoint_and_access_log_after_requests(
    supergraph: Path, access_lines: io.StringIO
) -> None:
    app = build_app(_config(supergraph, TelemetryConfig(access_log_sample_rate=1.0)))
    assert not isinstance(app, StartFailure), app
    with serve_in_thread(app) as base, httpx.Client(base_url=base) as client:
        ok = client.post(
            "/graphql",
            json={"query": QUERY, "operationName": "MyReviews"},
            headers={"x-request-id": "e2e-1"},
        )
        assert ok.json() == {"data": {"me": {"name": "Ada", "reviews": [{"stars": 5}]}}}
        partial = client.post("/graphql", json={"query": "{ me { name status } }"})
        assert partial.json()["errors"]
        client.post("/graphql", json={"query": "{ nope }"})
        metrics = client.get("/metrics")

    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(metrics.text)
        for sample in family.samples
    }

    def requests(operation: str, outcome: str) -> float:
        key = (("operation", operation), ("outcome", outcome))
        return samples.get(("gateway_requests_total", key), 0.0)

    assert requests("MyReviews", "success") == 1
    assert requests("anonymous", "partial") == 1
    assert requests("anonymous", "request_error") == 1
    fetched = {
        dict(labels)["subgraph"]
        for (name, labels) in samples
        if name == "gateway_subgraph_fetch_duration_seconds_count"
    }
    assert fetched == {"accounts", "reviews", "chaos"}
    errors = samples[
        (
            "gateway_subgraph_fetch_errors_total",
            (("code", "SUBREQUEST_HTTP_ERROR"), ("subgraph", "chaos")),
        )
    ]
    assert errors == 1
    assert samples[("gateway_plan_cache_lookups_total", (("result", "miss"),))] >= 2

    entries = [json.loads(line) for line in access_lines.getvalue().splitlines()]
    first = entries[0]
    assert (first["request_id"], first["operation"], first["outcome"], first["status"]) == (
        "e2e-1",
        "MyReviews",
        "success",
        200,
    )
    assert [entry["outcome"] for entry in entries] == ["success", "partial", "request_error"]
    assert all(entry["request_id"] for entry in entries)
    assert entries[2]["error_codes"] == ["GRAPHQL_VALIDATION_FAILED"]


def test_production_logs_every_failed_request_and_no_successful_one_by_default(
    supergraph: Path, access_lines: io.StringIO
) -> None:
    app = build_app(_config(supergraph, TelemetryConfig()))
    assert not isinstance(app, StartFailure), app
    with serve_in_thread(app) as base, httpx.Client(base_url=base) as client:
        for _ in range(20):
            assert "errors" not in client.post("/graphql", json={"query": QUERY}).json()
        client.post("/graphql", json={"query": "{ me { name status } }"})
        client.post("/graphql", json={"query": "{ nope }"})
    entries = [json.loads(line) for line in access_lines.getvalue().splitlines()]
    assert [entry["outcome"] for entry in entries] == ["partial", "request_error"]


def test_a_sample_rate_logs_about_that_share_of_successes(
    supergraph: Path, access_lines: io.StringIO
) -> None:
    app = build_app(_config(supergraph, TelemetryConfig(access_log_sample_rate=0.5)))
    assert not isinstance(app, StartFailure), app
    with serve_in_thread(app) as base, httpx.Client(base_url=base) as client:
        for _ in range(200):
            client.post("/graphql", json={"query": QUERY})
    logged = len(access_lines.getvalue().splitlines())
    assert 60 < logged < 140  # binomial(200, 0.5): outside this range about once in 10^8 runs


def test_spans_of_a_request_reach_the_collector(
    supergraph: Path,
    collector: tuple[str, list[tuple[str, ExportTraceServiceRequest]]],
) -> None:
    endpoint, exports = collector
    telemetry = TelemetryConfig(tracing_exporter="otlp", otlp_endpoint=endpoint)
    app = build_app(_config(supergraph, telemetry))
    assert not isinstance(app, StartFailure), app
    with serve_in_thread(app) as base, httpx.Client(base_url=base) as client:
        response = client.post("/graphql", json={"query": QUERY, "operationName": "MyReviews"})
        assert response.status_code == 200
    # Leaving the block stopped the server; its lifespan shut telemetry down, flushing spans.
    spans = [
        span
        for _, export in exports
        for resource_spans in export.resource_spans
        for scope_spans in resource_spans.scope_spans
        for span in scope_spans.spans
    ]
    requests = [span for span in spans if span.name == "graphql request"]
    fetches = [span for span in spans if span.name == "subgraph fetch"]
    assert len(requests) == 1
    assert len(fetches) == 2
    for fetch in fetches:
        assert fetch.parent_span_id == requests[0].span_id
        assert fetch.trace_id == requests[0].trace_id
    subgraphs = sorted(
        attribute.value.string_value
        for fetch in fetches
        for attribute in fetch.attributes
        if attribute.key == "subgraph.name"
    )
    assert subgraphs == ["accounts", "reviews"]
