"""Spans: one per request, one child per subgraph fetch, and trace context sent to subgraphs."""

from __future__ import annotations

import asyncio
from types import MappingProxyType
from typing import Any

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from gateway.config.model import TelemetryConfig
from gateway.execution import SubgraphFetchError, SubgraphRequest
from gateway.pipeline import PipelineStages, RequestPipeline
from gateway.plan import FetchNode, ParallelNode, QueryPlan
from gateway.request import GraphQLRequest
from gateway.request.context import RequestContext
from gateway.telemetry import Telemetry
from gateway.telemetry.fetch import FETCH_SPAN
from gateway.telemetry.observer import REQUEST_SPAN
from tests.pipeline.standins import FakeSupergraph, RecordingFetch

from .helpers import answer, pipeline_for, sample


def traced() -> tuple[Telemetry, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    config = TelemetryConfig(service_name="test-gateway")
    return Telemetry(config, span_exporter=exporter), exporter


class TwoFetchPlanner:
    """Plans every operation as two parallel fetches, to `accounts` and `reviews`."""

    def try_plan(
        self,
        document: Any,
        operation_name: str | None,
        *,
        override_labels: frozenset[str] = frozenset(),
    ) -> QueryPlan:
        return QueryPlan(
            node=ParallelNode(
                nodes=(
                    FetchNode(service_name="accounts", operation="{ me { id } }"),
                    FetchNode(
                        service_name="reviews",
                        operation="query Names { me { name } }",
                        operation_name="Names",
                    ),
                )
            )
        )


async def test_each_subgraph_fetch_is_a_child_span_of_the_request() -> None:
    telemetry, exporter = traced()
    fetch = RecordingFetch({"me": {"id": "1", "name": "Ada"}})
    pipeline = RequestPipeline(
        FakeSupergraph(),
        TwoFetchPlanner(),
        fetch,  # the pipeline wraps it with the observer
        stages=PipelineStages(observer=telemetry),
    )
    request = GraphQLRequest(query="query Me { me { id name } }", operation_name="Me")
    response = await answer(telemetry, pipeline, request, RequestContext(request_id="r-42"))
    assert response.status == 200

    spans = exporter.get_finished_spans()
    requests = [span for span in spans if span.name == REQUEST_SPAN]
    fetches = [span for span in spans if span.name == FETCH_SPAN]
    assert len(requests) == 1
    assert len(fetches) == 2
    root = requests[0]
    assert root.kind is SpanKind.SERVER
    assert root.parent is None
    assert root.attributes is not None
    assert root.attributes["graphql.operation.name"] == "Me"
    assert root.attributes["gateway.request_id"] == "r-42"
    assert root.attributes["gateway.outcome"] == "success"
    assert root.attributes["http.response.status_code"] == 200
    assert root.resource.attributes["service.name"] == "test-gateway"
    by_subgraph = {span.attributes["subgraph.name"]: span for span in fetches if span.attributes}
    assert set(by_subgraph) == {"accounts", "reviews"}
    for span in fetches:
        assert span.kind is SpanKind.CLIENT
        assert span.parent is not None
        assert span.parent.span_id == root.context.span_id
        assert span.context.trace_id == root.context.trace_id
        assert span.attributes is not None
        assert span.attributes["gateway.fetch.outcome"] == "success"
    reviews = by_subgraph["reviews"].attributes
    assert reviews is not None
    assert reviews["graphql.operation.name"] == "Names"

    # Each subgraph request names its own fetch span as the parent of whatever the subgraph does.
    sent = {request.service_name: dict(request.headers) for request in fetch.requests}
    for name, headers in sent.items():
        span = by_subgraph[name]
        ids = f"{span.context.trace_id:032x}-{span.context.span_id:016x}"
        expected = f"00-{ids}-{int(span.context.trace_flags):02x}"
        assert headers["traceparent"] == expected


async def test_request_span_continues_the_clients_trace() -> None:
    telemetry, exporter = traced()
    pipeline = pipeline_for(telemetry)
    trace_id = "0af7651916cd43dd8448eb211c80319c"
    client_span = "b7ad6b7169203331"
    headers = MappingProxyType({"traceparent": f"00-{trace_id}-{client_span}-01"})
    context = RequestContext(request_id="r-1", headers=headers)
    await answer(telemetry, pipeline, GraphQLRequest(query="{ me { id } }"), context)
    (root,) = [span for span in exporter.get_finished_spans() if span.name == REQUEST_SPAN]
    assert f"{root.context.trace_id:032x}" == trace_id
    assert root.parent is not None
    assert f"{root.parent.span_id:016x}" == client_span


async def test_existing_headers_are_kept_and_a_stale_traceparent_replaced() -> None:
    telemetry, _ = traced()
    seen: list[SubgraphRequest] = []

    async def fetch(request: SubgraphRequest) -> Any:
        seen.append(request)
        return {"data": {}}

    wrapped = telemetry.fetcher(fetch)
    sent = SubgraphRequest(
        service_name="accounts",
        query="{ me { id } }",
        variables={},
        headers=(("x-request-id", "r-7"), ("traceparent", "00-stale-stale-01")),
    )
    await wrapped(sent)
    headers = seen[0].headers
    assert ("x-request-id", "r-7") in headers
    parents = [value for name, value in headers if name == "traceparent"]
    assert len(parents) == 1
    assert "stale" not in parents[0]


@pytest.mark.parametrize(
    ("error", "outcome", "code"),
    [
        (
            SubgraphFetchError("down", code="SUBREQUEST_HTTP_ERROR"),
            "error",
            "SUBREQUEST_HTTP_ERROR",
        ),
        (TimeoutError(), "timeout", "GATEWAY_TIMEOUT"),
        (ValueError("bug"), "failure", "INTERNAL_SERVER_ERROR"),
    ],
)
async def test_failed_fetch_span_and_metrics_carry_the_code(
    error: Exception, outcome: str, code: str
) -> None:
    telemetry, exporter = traced()

    async def fetch(request: SubgraphRequest) -> Any:
        raise error

    wrapped = telemetry.fetcher(fetch)
    with pytest.raises(type(error)):
        await wrapped(SubgraphRequest(service_name="reviews", query="{ a }", variables={}))
    (span,) = exporter.get_finished_spans()
    assert span.attributes is not None
    assert span.attributes["gateway.fetch.outcome"] == outcome
    assert span.attributes["gateway.fetch.error_code"] == code
    assert span.status.status_code is StatusCode.ERROR
    errors = "gateway_subgraph_fetch_errors_total"
    assert sample(telemetry, errors, subgraph="reviews", code=code) == 1


async def test_fetch_cancelled_by_the_executors_timeout_counts_as_timeout() -> None:
    telemetry, exporter = traced()
    never = asyncio.Event()

    async def hangs(request: SubgraphRequest) -> Any:
        await never.wait()

    pipeline = pipeline_for(telemetry, hangs)
    pipeline.options = type(pipeline.options)(default_timeout=0.01)
    response = await answer(telemetry, pipeline, GraphQLRequest(query="{ me { id } }"))
    codes = [error["extensions"]["code"] for error in response.body["errors"]]
    assert codes == ["GATEWAY_TIMEOUT"]
    errors = "gateway_subgraph_fetch_errors_total"
    assert sample(telemetry, errors, subgraph="accounts", code="GATEWAY_TIMEOUT") == 1
    (fetch_span,) = [s for s in exporter.get_finished_spans() if s.name == FETCH_SPAN]
    assert fetch_span.attributes is not None
    assert fetch_span.attributes["gateway.fetch.outcome"] == "timeout"


async def test_subgraph_answering_with_errors_is_not_a_fetch_error() -> None:
    telemetry, exporter = traced()

    async def fetch(request: SubgraphRequest) -> Any:
        return {"data": None, "errors": [{"message": "nope"}]}

    await telemetry.fetcher(fetch)(SubgraphRequest(service_name="s", query="{ a }", variables={}))
    (span,) = exporter.get_finished_spans()
    assert span.attributes is not None
    assert span.attributes["gateway.fetch.outcome"] == "graphql_errors"
    assert sample(telemetry, "gateway_subgraph_fetch_errors_total", subgraph="s", code="x") == 0


async def test_tracing_is_off_by_default_and_adds_no_headers() -> None:
    telemetry = Telemetry(TelemetryConfig())
    assert telemetry.tracing is None
    fetch = RecordingFetch({"me": {"id": "1"}})
    pipeline = pipeline_for(telemetry, fetch)
    await answer(telemetry, pipeline, GraphQLRequest(query="{ me { id } }"))
    assert fetch.requests[0].headers == ()


async def test_failed_request_span_records_the_error() -> None:
    telemetry, exporter = traced()

    def boom() -> None:
        with telemetry.request(RequestContext(request_id="r-9")):
            raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        boom()
    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes is not None
    assert span.attributes["gateway.outcome"] == "failure"
    assert [event.name for event in span.events] == ["exception"]
