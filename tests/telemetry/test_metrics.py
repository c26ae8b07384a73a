"""Prometheus metrics after real requests through the pipeline, and their exposition."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from gateway.config.model import TelemetryConfig
from gateway.execution import SubgraphFetchError, SubgraphRequest
from gateway.request import ANONYMOUS, GraphQLRequest
from gateway.telemetry import Telemetry
from gateway.telemetry.metrics import BoundedLabel, GatewayMetrics

from .helpers import answer, pipeline_for, sample


async def test_requests_are_counted_by_operation_and_outcome() -> None:
    telemetry = Telemetry(TelemetryConfig())
    pipeline = pipeline_for(telemetry)
    me = GraphQLRequest(query="query Me { me { name } }", operation_name="Me")
    await answer(telemetry, pipeline, me)
    await answer(telemetry, pipeline, me)
    await answer(telemetry, pipeline, GraphQLRequest(query="{ me { id } }"))
    await answer(telemetry, pipeline, GraphQLRequest(query="query Bad { nope }"))

    assert sample(telemetry, "gateway_requests_total", operation="Me", outcome="success") == 2
    assert (
        sample(telemetry, "gateway_requests_total", operation="anonymous", outcome="success") == 1
    )
    # The server sets the name it knows; a request without operationName is "anonymous".
    refused = sample(
        telemetry, "gateway_requests_total", operation="anonymous", outcome="request_error"
    )
    assert refused == 1
    count = sample(
        telemetry, "gateway_request_duration_seconds_count", operation="Me", outcome="success"
    )
    assert count == 2
    assert sample(telemetry, "gateway_graphql_errors_total", code="GRAPHQL_VALIDATION_FAILED") == 1
    assert sample(telemetry, "gateway_requests_in_flight") == 0


async def test_partial_response_is_counted_as_partial() -> None:
    telemetry = Telemetry(TelemetryConfig())

    async def with_errors(request: SubgraphRequest) -> object:
        return {"data": {"me": {"id": "1", "name": "Ada"}}, "errors": [{"message": "meh"}]}

    pipeline = pipeline_for(telemetry, with_errors)
    request = GraphQLRequest(query="query Me { me { name } }", operation_name="Me")
    response = await answer(telemetry, pipeline, request)
    assert response.body["errors"]
    assert sample(telemetry, "gateway_requests_total", operation="Me", outcome="partial") == 1
    assert sample(telemetry, "gateway_requests_total", operation="Me", outcome="success") == 0


async def test_plan_cache_hits_and_misses_are_counted() -> None:
    telemetry = Telemetry(TelemetryConfig())
    pipeline = pipeline_for(telemetry)
    for _ in range(3):
        await answer(telemetry, pipeline, GraphQLRequest(query="{ me { name } }"))
    await answer(telemetry, pipeline, GraphQLRequest(query="{ me { id } }"))
    assert sample(telemetry, "gateway_plan_cache_lookups_total", result="hit") == 2
    assert sample(telemetry, "gateway_plan_cache_lookups_total", result="miss") == 2


async def test_subgraph_fetches_are_timed_and_errors_counted_by_code() -> None:
    telemetry = Telemetry(TelemetryConfig())

    async def down(request: SubgraphRequest) -> object:
        raise SubgraphFetchError("Subgraph 'accounts' is down.", code="SUBREQUEST_HTTP_ERROR")

    ok = pipeline_for(telemetry)
    failing = pipeline_for(telemetry, down)
    await answer(telemetry, ok, GraphQLRequest(query="{ me { name } }"))
    response = await answer(telemetry, failing, GraphQLRequest(query="{ me { name } }"))

    assert response.body["data"] == {"me": None}
    timed = "gateway_subgraph_fetch_duration_seconds_count"
    assert sample(telemetry, timed, subgraph="accounts") == 2
    errors = "gateway_subgraph_fetch_errors_total"
    assert sample(telemetry, errors, subgraph="accounts", code="SUBREQUEST_HTTP_ERROR") == 1
    # The client got data with an error: a partial answer.
    assert sample(telemetry, "gateway_requests_total", operation="anonymous", outcome="partial")


async def test_exception_escaping_the_request_is_a_failure_and_is_reraised() -> None:
    telemetry = Telemetry(TelemetryConfig())

    def boom() -> None:
        with telemetry.request(ANONYMOUS) as record:
            record.operation_name = "Boom"
            raise RuntimeError("bug")

    with pytest.raises(RuntimeError, match="bug"):
        boom()
    assert sample(telemetry, "gateway_requests_total", operation="Boom", outcome="failure") == 1
    assert sample(telemetry, "gateway_requests_in_flight") == 0


def test_operation_names_past_the_bound_are_counted_as_other() -> None:
    metrics = GatewayMetrics(max_operation_names=3)
    for index in range(5):
        metrics.record_request(f"Op{index}", "success", 0.001, ())
    metrics.record_request("Op0", "success", 0.001, ())
    get = metrics.registry.get_sample_value
    assert get("gateway_requests_total", {"operation": "Op0", "outcome": "success"}) == 2
    assert get("gateway_requests_total", {"operation": "other", "outcome": "success"}) == 2
    assert get("gateway_requests_total", {"operation": "Op3", "outcome": "success"}) is None


def test_bounded_label_cuts_long_values() -> None:
    label = BoundedLabel(10)
    assert label("x" * 500) == "x" * 100
    assert label.seen == {"x" * 100}


async def test_gateways_in_one_process_keep_separate_metrics() -> None:
    first, second = Telemetry(TelemetryConfig()), Telemetry(TelemetryConfig())
    await answer(first, pipeline_for(first), GraphQLRequest(query="{ me { name } }"))
    labels = {"operation": "anonymous", "outcome": "success"}
    assert sample(first, "gateway_requests_total", **labels) == 1
    assert sample(second, "gateway_requests_total", **labels) == 0


async def test_render_metrics_is_prometheus_text() -> None:
    telemetry = Telemetry(TelemetryConfig())
    pipeline = pipeline_for(telemetry)
    await answer(telemetry, pipeline, GraphQLRequest(query="query Me { me { name } }"))
    body, content_type = telemetry.render_metrics()
    assert content_type.startswith("text/plain")
    families = {family.name: family for family in text_string_to_metric_families(body.decode())}
    requests = families["gateway_requests"]
    values = {
        (s.labels["operation"], s.labels["outcome"]): s.value
        for s in requests.samples
        if s.name == "gateway_requests_total"
    }
    # No operationName in the request: the name comes from the document that ran.
    assert values == {("Me", "success"): 1.0}
    assert "gateway_subgraph_fetch_duration_seconds" in families
    assert "gateway_plan_cache_lookups" in families


def test_metrics_can_be_turned_off() -> None:
    telemetry = Telemetry(TelemetryConfig(metrics_enabled=False))
    assert telemetry.metrics is None
    body, _ = telemetry.render_metrics()
    assert body == b""

    async def fetch(request: SubgraphRequest) -> object:
        return {}

    # Neither metrics nor tracing: the fetcher is returned as it is, nothing added per call.
    assert telemetry.fetcher(fetch) is fetch


def test_requests_in_flight_are_counted_while_answered() -> None:
    telemetry = Telemetry(TelemetryConfig())
    with telemetry.request(ANONYMOUS), telemetry.request(ANONYMOUS):
        assert sample(telemetry, "gateway_requests_in_flight") == 2
    assert sample(telemetry, "gateway_requests_in_flight") == 0
