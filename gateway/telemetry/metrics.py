"""The gateway's Prometheus metrics, in a registry of their own, and their exposition.

Each `GatewayMetrics` owns a private `CollectorRegistry`, so several gateways in one process (tests)
never share or collide.  With `PROMETHEUS_MULTIPROC_DIR` set in the environment before the
workers start, prometheus_client writes every worker's values to files there and `render`
aggregates all workers' files (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from gateway.telemetry.multiprocess import multiprocess_enabled
from gateway.telemetry.tally import CountTally, HistogramTally, Tallies

__all__ = ["ANONYMOUS_OPERATION", "OTHER", "BoundedLabel", "GatewayMetrics"]

ANONYMOUS_OPERATION = "anonymous"
OTHER = "other"
MAX_OPERATION_NAMES = 200
MAX_ERROR_CODES = 50
# Longer names are cut: a label value is stored with every series it appears in.
MAX_LABEL_LENGTH = 100

# Seconds; from a cached query on a fast subgraph to the default 30 s subgraph timeout.
LATENCY_BUCKETS = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)


class BoundedLabel:
    """Label values as seen, up to `limit` distinct ones; later new values become "other"."""

    __slots__ = ("limit", "seen")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.seen: set[str] = set()

    def __call__(self, value: str) -> str:
        if value in self.seen:
            return value
        value = value[:MAX_LABEL_LENGTH]
        if value in self.seen:
            return value
        if len(self.seen) >= self.limit:
            return OTHER
        self.seen.add(value)
        return value


class GatewayMetrics:
    """Counters and histograms for requests, the plan cache and subgraph fetches."""

    def __init__(self, *, max_operation_names: int = MAX_OPERATION_NAMES) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        # What every request or fetch counts goes through tallies (gateway.telemetry.tally).
        self.tallies = Tallies()
        self.operation_label = BoundedLabel(max_operation_names)
        self.code_label = BoundedLabel(MAX_ERROR_CODES)
        self.limit_label = BoundedLabel(MAX_ERROR_CODES)
        self.requests = Counter(
            "gateway_requests",
            "GraphQL requests answered, by operation name and outcome.",
            ("operation", "outcome"),
            registry=registry,
        )
        self.request_duration = Histogram(
            "gateway_request_duration_seconds",
            "Time to answer a GraphQL request, by operation name and outcome.",
            ("operation", "outcome"),
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.in_flight = Gauge(
            "gateway_requests_in_flight",
            "GraphQL requests being answered.",
            registry=registry,
            multiprocess_mode="livesum",
        )
        # One process: a plain integer read at scrape time, not a locked value changed twice
        # per request.  Several: the gauge itself, written to the shared files.
        self.in_flight_count = 0
        self._shared_gauge = multiprocess_enabled()
        if not self._shared_gauge:
            self.in_flight.set_function(lambda: self.in_flight_count)
        self.graphql_errors = Counter(
            "gateway_graphql_errors",
            "Errors in GraphQL responses, by extensions.code.",
            ("code",),
            registry=registry,
        )
        plan_cache = Counter(
            "gateway_plan_cache_lookups",
            "Lookups of prepared (parsed, validated, planned) operations, by result.",
            ("result",),
            registry=registry,
        )
        self.plan_cache_hit = self.tallies.counter(plan_cache.labels(result="hit"))
        self.plan_cache_miss = self.tallies.counter(plan_cache.labels(result="miss"))
        self.deduplicated = self.tallies.counter(
            Counter(
                "gateway_deduplicated_requests",
                "Requests answered by an identical query's execution already in flight.",
                registry=registry,
            )
        )
        self.fetch_duration = Histogram(
            "gateway_subgraph_fetch_duration_seconds",
            "Time a subgraph fetch took, by subgraph (failed fetches included).",
            ("subgraph",),
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.fetch_errors = Counter(
            "gateway_subgraph_fetch_errors",
            "Subgraph fetches that got no GraphQL response, by subgraph and error code.",
            ("subgraph", "code"),
            registry=registry,
        )
        self.rate_limited = Counter(
            "gateway_rate_limited_requests",
            "Requests (or subgraph fetches: subgraph:<name>) refused by a rate limit, by limit.",
            ("limit",),
            registry=registry,
        )
        self.rate_limit_store_errors = Counter(
            "gateway_rate_limit_store_errors",
            "Calls to the shared rate-limit store (Redis) that failed.",
            registry=registry,
        )
        self.circuit_state = Gauge(
            "gateway_subgraph_circuit_state",
            "Circuit breaker of each subgraph: 0 closed, 1 half-open, 2 open "
            "(the worst of the workers).",
            ("subgraph",),
            registry=registry,
            multiprocess_mode="livemax",
        )
        self.circuit_transitions = Counter(
            "gateway_subgraph_circuit_transitions",
            "Circuit breaker state changes, by subgraph and the state entered.",
            ("subgraph", "state"),
            registry=registry,
        )
        self.retries = Counter(
            "gateway_subgraph_retries",
            "Subgraph fetches tried again after their connection failed, by subgraph.",
            ("subgraph",),
            registry=registry,
        )
        self.usage_dropped = Counter(
            "gateway_usage_dropped",
            "Executed requests left out of usage reports: queue full, outbox over its bound, "
            "a report that failed twice, or left at shutdown.",
            registry=registry,
        )
        self.usage_reported = Counter(
            "gateway_usage_reported_operations",
            "Executed requests covered by usage reports the registry accepted.",
            registry=registry,
        )
        self.subscriptions_open = Gauge(
            "gateway_subscriptions_open",
            "Subscriptions open now, by protocol.",
            ("protocol",),
            registry=registry,
            multiprocess_mode="livesum",
        )
        self.subscriptions_closed = Counter(
            "gateway_subscriptions_closed",
            "Subscriptions ended, by protocol and reason: complete (the subgraph ended it), "
            "error, client (the client left or unsubscribed), too_slow.",
            ("protocol", "reason"),
            registry=registry,
        )
        self.subscription_events = Counter(
            "gateway_subscription_events",
            "Subscription events delivered to clients, by protocol.",
            ("protocol",),
            registry=registry,
        )
        # Subgraph names come from the supergraph (a handful): label children cached by name.
        self._fetch_timers: dict[str, HistogramTally] = {}
        # Label lookups cost more than the increments: the series of the names seen so far
        # (bounded like the names themselves) are kept at hand.
        self._request_series: dict[tuple[str | None, str], tuple[CountTally, HistogramTally]] = {}
        self._max_series = 4 * (max_operation_names + 2)
        # The tallies by label values (bounded by the labels' own bounds).
        self._label_series: dict[tuple[str, str], tuple[CountTally, HistogramTally]] = {}

    def request_started(self) -> None:
        if self._shared_gauge:
            self.in_flight.inc()
        else:
            self.in_flight_count += 1

    def request_finished(self) -> None:
        if self._shared_gauge:
            self.in_flight.dec()
        else:
            self.in_flight_count -= 1

    def record_request(
        self, operation_name: str | None, outcome: str, seconds: float, codes: tuple[str, ...]
    ) -> None:
        """Counts one request."""
        series = self._request_series.get((operation_name, outcome))
        if series is None:
            series = self._series(operation_name, outcome)
        count, duration = series
        count.inc()
        duration.observe(seconds)
        for code in codes:
            self.graphql_errors.labels(self.code_label(code)).inc()

    def _series(
        self, operation_name: str | None, outcome: str
    ) -> tuple[CountTally, HistogramTally]:
        operation = self.operation_label(operation_name) if operation_name else ANONYMOUS_OPERATION
        key = (operation, outcome)
        series = self._label_series.get(key)
        if series is None:
            # One tally per label pair, however many client names map to it ("other").
            series = self._label_series[key] = (
                self.tallies.counter(self.requests.labels(operation, outcome)),
                self.tallies.histogram(self.request_duration.labels(operation, outcome)),
            )
        if operation != OTHER and len(self._request_series) < self._max_series:
            self._request_series[(operation_name, outcome)] = series
        return series

    def subscription_opened(self, protocol: str) -> None:
        self.subscriptions_open.labels(protocol).inc()

    def subscription_closed(self, protocol: str, reason: str) -> None:
        self.subscriptions_open.labels(protocol).dec()
        self.subscriptions_closed.labels(protocol, reason).inc()

    def fetch_timer(self, subgraph: str) -> HistogramTally:
        timer = self._fetch_timers.get(subgraph)
        if timer is None:
            timer = self._fetch_timers[subgraph] = self.tallies.histogram(
                self.fetch_duration.labels(subgraph)
            )
        return timer

    def fetch_error(self, subgraph: str, code: str) -> None:
        self.fetch_errors.labels(subgraph, self.code_label(code)).inc()

    def render(self) -> tuple[bytes, str]:
        """The exposition text of this registry (of every worker's, in multiprocess mode)."""
        self.tallies.flush()
        if multiprocess_enabled():
            aggregate = CollectorRegistry()
            # prometheus_client leaves this constructor unannotated.
            MultiProcessCollector(aggregate)  # type: ignore[no-untyped-call]
            return generate_latest(aggregate), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
