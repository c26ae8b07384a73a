"""`Telemetry`: the gateway's Observer, turning requests and fetches into metrics, spans and logs.

Per request (`request`): the request id goes into the logging context, a span starts (child of
the client's `traceparent` if it sent one) and is current while the server answers, so every
subgraph fetch span hangs under it; at the end the request is counted and timed by operation name
and outcome, the span ends, and an access-log line is written (logger `gateway.access`): for
every request that did not succeed, and for `access_log_sample_rate` of those that did (a line
costs about as much as the metrics of a small request; production logs none of the successes
by default, development all of them).  Requests refused by a rate limit are sampled like
successes: under a flood, a line for each would cost what the limit saves.
"""

from __future__ import annotations

import asyncio
import logging
import random
from contextvars import Token
from time import perf_counter
from types import TracebackType
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, Status, StatusCode

from gateway.config.model import TelemetryConfig
from gateway.execution import SubgraphFetcher
from gateway.request.context import RequestContext, RequestRecord
from gateway.telemetry.fetch import instrument_fetcher
from gateway.telemetry.logs import request_id_var
from gateway.telemetry.metrics import ANONYMOUS_OPERATION, GatewayMetrics
from gateway.telemetry.multiprocess import multiprocess_enabled, release_worker
from gateway.telemetry.outcome import CLIENT_CLOSED, RequestOutcome, classify
from gateway.telemetry.tracing import tracing_from_config
from gateway.traffic.observer import BreakerState

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter

__all__ = ["REQUEST_SPAN", "Telemetry"]

# A refusal by a rate limit is logged like a success (sampled): a flood of them would
# otherwise cost a line each; gateway_rate_limited_requests_total counts them all.
_RATE_LIMITED = ("RATE_LIMITED",)
# `gateway_subgraph_circuit_state` values.
_BREAKER_STATES: dict[BreakerState, int] = {"closed": 0, "half_open": 1, "open": 2}

REQUEST_SPAN = "graphql request"
MAX_LOGGED_NAME = 200

access_log = logging.getLogger("gateway.access")
logger = logging.getLogger(__name__)


class Telemetry:
    """Metrics (unless `metrics_enabled` is off), tracing (when an exporter is configured), logs.

    `span_exporter` replaces the configured exporter and turns tracing on, exporting each span
    as it ends (tests use an in-memory exporter).  `dev` resolves a null
    `access_log_sample_rate`: every successful request logged in dev, none in production.
    """

    def __init__(
        self,
        config: TelemetryConfig,
        *,
        dev: bool = False,
        span_exporter: SpanExporter | None = None,
    ) -> None:
        self.config = config
        self.metrics = GatewayMetrics() if config.metrics_enabled else None
        self.tracing = tracing_from_config(config, exporter=span_exporter)
        self.access_log = config.access_log
        rate = config.access_log_sample_rate
        self.sample_rate = (1.0 if dev else 0.0) if rate is None else rate

    def request(self, context: RequestContext) -> _RequestScope:
        return _RequestScope(self, context)

    def plan_cache(self, *, hit: bool) -> None:
        if self.metrics is not None:
            (self.metrics.plan_cache_hit if hit else self.metrics.plan_cache_miss).inc()

    def deduplicated(self) -> None:
        if self.metrics is not None:
            self.metrics.deduplicated.inc()

    def fetcher(self, fetch: SubgraphFetcher) -> SubgraphFetcher:
        return instrument_fetcher(fetch, self.metrics, self.tracing)

    # Traffic shaping (`gateway.traffic.TrafficObserver`).

    def rate_limited(self, limit: str) -> None:
        if self.metrics is not None:
            self.metrics.rate_limited.labels(self.metrics.limit_label(limit)).inc()

    def breaker_changed(self, subgraph: str, old: BreakerState, new: BreakerState) -> None:
        if self.metrics is not None:
            self.metrics.circuit_state.labels(subgraph).set(_BREAKER_STATES[new])
            if new != old:  # old == new: a new breaker reporting its first state
                self.metrics.circuit_transitions.labels(subgraph, new).inc()

    def retried(self, subgraph: str) -> None:
        if self.metrics is not None:
            self.metrics.retries.labels(subgraph).inc()

    def store_failed(self) -> None:
        if self.metrics is not None:
            self.metrics.rate_limit_store_errors.inc()

    # Subscriptions (`gateway.server.http.subscriptions.SubscriptionObserver`).

    def subscription_opened(self, protocol: str) -> None:
        if self.metrics is not None:
            self.metrics.subscription_opened(protocol)

    def subscription_closed(self, protocol: str, reason: str) -> None:
        if self.metrics is not None:
            self.metrics.subscription_closed(protocol, reason)

    def subscription_event(self, protocol: str) -> None:
        if self.metrics is not None:
            self.metrics.subscription_events.labels(protocol).inc()

    # Usage reporting (`gateway.usage.UsageMetrics`).

    def usage_dropped(self, operations: int) -> None:
        if self.metrics is not None:
            self.metrics.usage_dropped.inc(operations)

    def usage_reported(self, operations: int) -> None:
        if self.metrics is not None:
            self.metrics.usage_reported.inc(operations)

    def render_metrics(self) -> tuple[bytes, str]:
        """The Prometheus exposition body and its content type (an empty body with metrics off)."""
        if self.metrics is None:
            return b"", "text/plain; version=0.0.4; charset=utf-8"
        return self.metrics.render()

    def flush_metrics(self) -> None:
        """Writes the metrics' tallies to the metrics now (on the loop, before `shutdown`)."""
        if self.metrics is not None:
            self.metrics.tallies.flush()

    def shutdown(self) -> None:
        """Flushes the metrics, flushes and stops the span exporter (once, when the server
        stops)."""
        self.flush_metrics()
        if self.tracing is not None:
            self.tracing.shutdown()
        if self.metrics is not None and multiprocess_enabled():
            release_worker()


class _RequestScope:
    """The context manager `Telemetry.request` returns (a class: cheaper than a generator)."""

    __slots__ = ("_id_token", "_otel_token", "_span", "_start", "record", "telemetry")

    def __init__(self, telemetry: Telemetry, context: RequestContext) -> None:
        self.telemetry = telemetry
        self.record = RequestRecord(context)
        self._span: trace.Span | None = None
        self._otel_token: Token[Context] | None = None

    def __enter__(self) -> RequestRecord:
        context = self.record.context
        self._id_token = request_id_var.set(context.request_id or None)
        tracing = self.telemetry.tracing
        if tracing is not None:
            parent = tracing.parent_from(context.headers)
            span = tracing.tracer.start_span(REQUEST_SPAN, context=parent, kind=SpanKind.SERVER)
            if context.request_id:
                span.set_attribute("gateway.request_id", context.request_id)
            self._span = span
            self._otel_token = otel_context.attach(trace.set_span_in_context(span, parent))
        if self.telemetry.metrics is not None:
            self.telemetry.metrics.request_started()
        self._start = perf_counter()
        return self.record

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        seconds = self.record.seconds = perf_counter() - self._start
        if exc is None:
            result = classify(self.record.response)
        elif isinstance(exc, asyncio.CancelledError):
            result = RequestOutcome(outcome="request_error", status=CLIENT_CLOSED)
        else:
            result = RequestOutcome(
                outcome="failure", status=500, error_codes=("INTERNAL_SERVER_ERROR",)
            )
        try:
            self._finish(result, seconds, exc)
        except Exception:
            # Telemetry must never turn an answered request into a failed one.
            logger.exception("recording a request's telemetry failed")
        finally:
            if self._otel_token is not None:
                otel_context.detach(self._otel_token)
            request_id_var.reset(self._id_token)

    def _finish(self, result: RequestOutcome, seconds: float, exc: BaseException | None) -> None:
        # The name of the operation that ran (from its document) when the pipeline got that far,
        # else the one the client asked for.
        response = self.record.response
        name = (response.operation_name if response is not None else None) or (
            self.record.operation_name
        )
        metrics = self.telemetry.metrics
        if metrics is not None:
            metrics.request_finished()
            metrics.record_request(name, result.outcome, seconds, result.error_codes)
        if name is not None and len(name) > MAX_LOGGED_NAME:
            # The client chooses the name: it must not make every log line and span huge.
            name = name[:MAX_LOGGED_NAME] + "…"
        span = self._span
        if span is not None:
            if name:
                span.set_attribute("graphql.operation.name", name)
            span.set_attribute("gateway.outcome", result.outcome)
            span.set_attribute("http.response.status_code", result.status)
            if result.outcome == "failure":
                span.set_status(Status(StatusCode.ERROR, result.outcome))
            if exc is not None and not isinstance(exc, asyncio.CancelledError):
                span.record_exception(exc)
            span.end()
        telemetry = self.telemetry
        if (
            telemetry.access_log
            and (
                (result.outcome != "success" and result.error_codes != _RATE_LIMITED)
                or _sampled(telemetry.sample_rate)
            )
            and access_log.isEnabledFor(logging.INFO)
        ):
            _log_access(name or ANONYMOUS_OPERATION, result, seconds)


def _sampled(rate: float) -> bool:
    return rate >= 1.0 or (rate > 0.0 and random.random() < rate)


def _log_access(operation: str, result: RequestOutcome, seconds: float) -> None:
    duration_ms = round(seconds * 1000, 3)
    fields: dict[str, Any] = {
        "operation": operation,
        "outcome": result.outcome,
        "status": result.status,
        "duration_ms": duration_ms,
        "error_codes": list(result.error_codes),
    }
    args = (operation, result.outcome, result.status, duration_ms)
    # Made and handled directly: `logger.info` would also walk the stack for the caller's line,
    # a sizeable share of the cost of a line written on every request.
    record = access_log.makeRecord(
        access_log.name, logging.INFO, __file__, 0, "%s %s %d %.1fms", args, None, extra=fields
    )
    access_log.handle(record)
