"""Trace context and request metrics over real HTTP: pooled client, loopback subgraph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from gateway.config.model import TelemetryConfig
from gateway.pipeline import PipelineStages, RequestPipeline
from gateway.request import GraphQLRequest
from gateway.request.context import RequestContext
from gateway.telemetry import Telemetry
from gateway.telemetry.fetch import FETCH_SPAN
from gateway.transport import SubgraphHttpClient
from tests.pipeline.standins import CountingPlanner, FakeSupergraph
from tests.support.servers import free_port, serve_in_thread

from .helpers import answer, sample


@pytest.fixture(scope="module")
def subgraph() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A subgraph that answers every query with one user and records the headers it got."""
    received: list[dict[str, str]] = []

    async def graphql(request: Request) -> Response:
        received.append(dict(request.headers))
        await request.body()
        return Response(orjson.dumps({"data": {"me": {"id": "1", "name": "Ada"}}}))

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/health", health), Route("/graphql", graphql, methods=["POST"])])
    with serve_in_thread(app) as base:
        yield f"{base}/graphql", received


async def test_traceparent_reaches_the_subgraph(
    subgraph: tuple[str, list[dict[str, str]]],
) -> None:
    url, received = subgraph
    received.clear()
    exporter = InMemorySpanExporter()
    telemetry = Telemetry(TelemetryConfig(), span_exporter=exporter)
    client = SubgraphHttpClient({"accounts": url})
    try:
        pipeline = RequestPipeline(
            FakeSupergraph(),
            CountingPlanner(),
            client,  # the pipeline wraps it with the observer
            stages=PipelineStages(observer=telemetry),
        )
        request = GraphQLRequest(query="query Me { me { name } }", operation_name="Me")
        response = await answer(telemetry, pipeline, request, RequestContext(request_id="r-5"))
    finally:
        await client.close()
        telemetry.shutdown()

    assert response.body == {"data": {"me": {"name": "Ada"}}}
    (fetch_span,) = [s for s in exporter.get_finished_spans() if s.name == FETCH_SPAN]
    (headers,) = received
    _version, trace_id, span_id, _flags = headers["traceparent"].split("-")
    assert trace_id == f"{fetch_span.context.trace_id:032x}"
    assert span_id == f"{fetch_span.context.span_id:016x}"
    assert sample(telemetry, "gateway_requests_total", operation="Me", outcome="success") == 1
    count = "gateway_subgraph_fetch_duration_seconds_count"
    assert sample(telemetry, count, subgraph="accounts") == 1


async def test_unreachable_subgraph_is_counted_as_http_error() -> None:
    telemetry = Telemetry(TelemetryConfig())
    client = SubgraphHttpClient({"accounts": f"http://127.0.0.1:{free_port()}/graphql"})
    try:
        pipeline = RequestPipeline(
            FakeSupergraph(),
            CountingPlanner(),
            client,  # the pipeline wraps it with the observer
            stages=PipelineStages(observer=telemetry),
        )
        response = await answer(telemetry, pipeline, GraphQLRequest(query="{ me { name } }"))
    finally:
        await client.close()
    body: dict[str, Any] = response.body
    assert body["errors"][0]["extensions"]["code"] == "SUBREQUEST_HTTP_ERROR"
    errors = "gateway_subgraph_fetch_errors_total"
    assert sample(telemetry, errors, subgraph="accounts", code="SUBREQUEST_HTTP_ERROR") == 1
