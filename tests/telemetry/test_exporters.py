"""The configured exporters: OTLP over HTTP to a real receiver, console to stdout."""

from __future__ import annotations

import json

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from gateway.config.model import TelemetryConfig
from gateway.request import GraphQLRequest
from gateway.request.context import RequestContext
from gateway.telemetry import Telemetry
from gateway.telemetry.fetch import FETCH_SPAN
from gateway.telemetry.observer import REQUEST_SPAN

from .helpers import answer, pipeline_for


async def test_otlp_exporter_sends_spans_on_shutdown(
    collector: tuple[str, list[tuple[str, ExportTraceServiceRequest]]],
) -> None:
    endpoint, exports = collector
    config = TelemetryConfig(
        tracing_exporter="otlp", otlp_endpoint=endpoint, service_name="otlp-gateway"
    )
    telemetry = Telemetry(config)
    pipeline = pipeline_for(telemetry)
    await answer(telemetry, pipeline, GraphQLRequest(query="{ me { id } }"))
    telemetry.shutdown()  # flushes the batch processor

    assert exports, "the collector received nothing"
    names: list[str] = []
    services: set[str] = set()
    for path, export in exports:
        assert path == "/v1/traces"
        for resource_spans in export.resource_spans:
            for attribute in resource_spans.resource.attributes:
                if attribute.key == "service.name":
                    services.add(attribute.value.string_value)
            for scope_spans in resource_spans.scope_spans:
                names.extend(span.name for span in scope_spans.spans)
    assert sorted(names) == sorted([REQUEST_SPAN, FETCH_SPAN])
    assert services == {"otlp-gateway"}


async def test_console_exporter_prints_spans(capsys: pytest.CaptureFixture[str]) -> None:
    telemetry = Telemetry(TelemetryConfig(tracing_exporter="console"))
    pipeline = pipeline_for(telemetry)
    context = RequestContext(request_id="console-1")
    await answer(telemetry, pipeline, GraphQLRequest(query="{ me { id } }"), context)
    telemetry.shutdown()
    out = capsys.readouterr().out
    # ConsoleSpanExporter prints each span as an indented JSON object.
    decoder = json.JSONDecoder()
    spans = []
    index = 0
    while (start := out.find("{", index)) != -1:
        span, index = decoder.raw_decode(out, start)
        spans.append(span)
    assert sorted(span["name"] for span in spans) == sorted([REQUEST_SPAN, FETCH_SPAN])
    (request_span,) = [span for span in spans if span["name"] == REQUEST_SPAN]
    assert request_span["attributes"]["gateway.request_id"] == "console-1"
