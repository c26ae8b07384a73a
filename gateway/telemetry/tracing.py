"""OpenTelemetry tracing owned by one gateway: its TracerProvider, exporter and W3C propagation.

The provider is never installed as the global one, so a process can hold several gateways and
nothing changes globally while tracing is off (then no provider exists at all).

    none     no tracing (the default): no spans, no trace headers
    console  spans printed to stdout as JSON (development)
    otlp     spans sent over OTLP/HTTP protobuf to `otlp_endpoint` (the full URL, usually
             ending in /v1/traces; unset: the exporter's OTEL_EXPORTER_OTLP_* environment)
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, assert_never

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from gateway.config.model import TelemetryConfig

# The SDK (provider, processors, exporters) is imported where tracing is switched on: a
# gateway with tracing off keeps the API only (~3 MB less per process).
if TYPE_CHECKING:
    from opentelemetry.sdk.trace import SpanProcessor
    from opentelemetry.sdk.trace.export import SpanExporter

__all__ = ["Tracing", "tracing_from_config"]

_PROPAGATOR = TraceContextTextMapPropagator()
_TRACE_HEADERS = frozenset(("traceparent", "tracestate"))


class Tracing:
    """A tracer over a private provider, and the trace-context headers of a span."""

    def __init__(self, service_name: str, processor: SpanProcessor) -> None:
        from opentelemetry.sdk.resources import SERVICE_NAME, Resource
        from opentelemetry.sdk.trace import TracerProvider

        self.provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
        self.provider.add_span_processor(processor)
        self.tracer = self.provider.get_tracer("gateway.telemetry")

    @staticmethod
    def parent_from(headers: Mapping[str, str]) -> Context:
        """The caller's trace (its `traceparent`), or an empty context to start a new trace."""
        if "traceparent" not in headers:
            return Context()
        return _PROPAGATOR.extract(headers)

    @staticmethod
    def with_trace_headers(
        headers: tuple[tuple[str, str], ...], span: trace.Span
    ) -> tuple[tuple[str, str], ...]:
        """`headers` with `traceparent` (and `tracestate`) naming `span`, replacing any others."""
        carrier: dict[str, str] = {}
        _PROPAGATOR.inject(carrier, context=trace.set_span_in_context(span))
        kept = tuple(item for item in headers if item[0].lower() not in _TRACE_HEADERS)
        return kept + tuple(carrier.items())

    def shutdown(self) -> None:
        """Exports the spans still queued, then stops the exporter."""
        self.provider.shutdown()


def tracing_from_config(
    config: TelemetryConfig, *, exporter: SpanExporter | None = None
) -> Tracing | None:
    """The tracing `config` asks for (None when off); `exporter` overrides it, exported inline."""
    if exporter is None and config.tracing_exporter == "none":
        return None
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SimpleSpanProcessor,
    )

    if exporter is not None:
        # Inline export: what tests (and in-memory exporters) want, spans visible at once.
        return Tracing(config.service_name, SimpleSpanProcessor(exporter))
    match config.tracing_exporter:
        case "none":
            return None
        case "console":
            # sys.stdout as it is now: the exporter's default is the one seen at its import.
            console = ConsoleSpanExporter(out=sys.stdout)
            return Tracing(config.service_name, BatchSpanProcessor(console))
        case "otlp":
            # Imported here: the exporter pulls in protobuf and requests, needed only when used.
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            otlp = OTLPSpanExporter(endpoint=config.otlp_endpoint)
            return Tracing(config.service_name, BatchSpanProcessor(otlp))
        case unknown:
            assert_never(unknown)
