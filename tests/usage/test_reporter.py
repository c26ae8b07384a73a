"""`UsageReporter` against the fake registry on a real socket: aggregation, bounds, retries,
the schedule and the last report at shutdown."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import build_schema, get_operation_ast, parse
from hypothesis import given
from hypothesis import strategies as st

from gateway.config import TelemetryConfig, UsageConfig
from gateway.operation.documents import document_hash
from gateway.request import ExecutedOperation
from gateway.telemetry import Telemetry
from gateway.usage import UsageReporter, normalised_document, signature_hash
from gateway.usage.aggregate import Sample, Signature, aggregate, signature_key
from gateway.usage.latency import BOUNDS_MS, BUCKETS
from tests.runtime.waiting import until
from tests.support.fake_registry import TOKEN, FakeRegistry, running_registry
from tests.support.servers import free_port

SCHEMA = build_schema(
    """
    enum Level { BEGINNER ADVANCED }
    type Subject { name: String! level: Level! }
    type Tutor { id: ID! name: String! subjects(level: Level): [Subject!]! }
    type Query { tutor(id: ID!): Tutor }
    """
)
GET_TUTOR = 'query GetTutor { tutor(id: "1") { name subjects(level: ADVANCED) { level } } }'
AUTH = {"authorization": f"Bearer {TOKEN}"}


def executed(text: str, supergraph_id: str = "supergraph-1") -> ExecutedOperation:
    document = parse(text)
    operation = get_operation_ast(document)
    assert operation is not None
    return ExecutedOperation(
        document_hash=document_hash(text),
        document=document,
        operation=operation,
        schema=SCHEMA,
        supergraph_id=supergraph_id,
    )


class Counted:
    """Where the reporter counts, read by the test."""

    def __init__(self) -> None:
        self.dropped = 0
        self.reported = 0

    def usage_dropped(self, operations: int) -> None:
        self.dropped += operations

    def usage_reported(self, operations: int) -> None:
        self.reported += operations


class Clock:
    def __init__(self) -> None:
        self.now = 1_796_544_000.0  # 2026-12-06T08:00:00Z

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def registry() -> Iterator[tuple[FakeRegistry, str]]:
    fake = FakeRegistry()
    with running_registry(fake) as base:
        yield fake, f"{base}/graphs/tutorgraph/variants/current/usage"


def _reporter(url: str, metrics: Any = None, **config: Any) -> UsageReporter:
    return UsageReporter(
        UsageConfig(**config), url=url, headers=AUTH, metrics=metrics, clock=Clock()
    )


async def test_requests_are_aggregated_per_operation_and_client(
    registry: tuple[FakeRegistry, str],
) -> None:
    fake, url = registry
    clock = Clock()
    metrics = Counted()
    reporter = UsageReporter(UsageConfig(), url=url, headers=AUTH, metrics=metrics, clock=clock)
    clock.now += 10
    for errors, milliseconds in ((False, 0.4), (True, 12.0), (False, 250.0)):
        reporter.record(executed(GET_TUTOR), "web", "1.4.0", errors, milliseconds)
    # Another literal is the same operation; another supergraph too.
    reporter.record(
        executed(GET_TUTOR.replace('"1"', '"2"'), "supergraph-2"), "web", "1.4.0", False, 70_000.0
    )
    reporter.record(executed(GET_TUTOR), "ios", "", False, 1.0)
    reporter.record(executed("{ __schema { types { name } } }"), "web", "1.4.0", False)
    result = await reporter.flush()
    await reporter.stop()
    assert (result.reported, result.sent_entries, result.dropped) == (5, 2, 0)
    assert (metrics.reported, metrics.dropped) == (5, 0)
    document = normalised_document(executed(GET_TUTOR).operation, {})
    common = {
        "hash": signature_hash(document),
        "name": "GetTutor",
        "document": document,
        "coordinates": [
            "Level.ADVANCED",
            "Query.tutor",
            "Query.tutor(id:)",
            "Subject.level",
            "Tutor.name",
            "Tutor.subjects",
            "Tutor.subjects(level:)",
        ],
        "window": {"start": "2026-12-06T08:00:00.000Z", "end": "2026-12-06T08:00:10.000Z"},
    }
    web_latency = [0] * BUCKETS
    for bucket in (0, BOUNDS_MS.index(15), BOUNDS_MS.index(300), len(BOUNDS_MS)):
        web_latency[bucket] += 1
    ios_latency = [1] + [0] * (BUCKETS - 1)  # 1 ms: bounds are inclusive
    assert fake.reports == [
        {
            "operations": [
                {
                    **common,
                    "client": {"name": "web", "version": "1.4.0"},
                    "count": 4,
                    "errors": 1,
                    "latency": {
                        "bounds_ms": list(BOUNDS_MS),
                        "counts": web_latency,
                        "sum_ms": 70_262.4,
                    },
                },
                {
                    **common,
                    "client": {"name": "ios", "version": ""},
                    "count": 1,
                    "errors": 0,
                    "latency": {"bounds_ms": list(BOUNDS_MS), "counts": ios_latency, "sum_ms": 1.0},
                },
            ]
        }
    ]
    assert document == (
        'query GetTutor {\n  tutor(id: "") {\n    name\n'
        "    subjects(level: ADVANCED) {\n      level\n    }\n  }\n}"
    )


async def test_a_full_queue_drops_and_counts_what_it_cannot_keep(
    registry: tuple[FakeRegistry, str],
) -> None:
    fake, url = registry
    telemetry = Telemetry(TelemetryConfig())
    reporter = _reporter(url, telemetry, max_queue=3)
    for _ in range(5):
        reporter.record(executed(GET_TUTOR), "web", "1", False)
    assert reporter.waiting == 3
    await reporter.flush()
    await reporter.stop()
    body, _ = telemetry.render_metrics()
    assert b"gateway_usage_dropped_total 2.0" in body
    assert b"gateway_usage_reported_operations_total 3.0" in body
    assert [entry["count"] for entry in fake.operations] == [3]


async def test_a_failed_report_is_sent_once_more_then_dropped(
    registry: tuple[FakeRegistry, str], caplog: pytest.LogCaptureFixture
) -> None:
    fake, url = registry
    metrics = Counted()
    reporter = _reporter(url, metrics)
    fake.usage_status = 503
    reporter.record(executed(GET_TUTOR), "web", "1", False)
    reporter.record(executed(GET_TUTOR), "web", "1", False)
    with caplog.at_level(logging.DEBUG, logger="gateway.usage"):
        first = await reporter.flush()
        reporter.record(executed(GET_TUTOR), "web", "1", True)
        second = await reporter.flush()
    assert (first.kept_entries, first.dropped) == (1, 0)
    # The first window failed twice and is dropped; the second waits for its retry.
    assert (second.kept_entries, second.dropped) == (1, 2)
    assert metrics.dropped == 2
    fake.usage_status = None
    with caplog.at_level(logging.INFO, logger="gateway.usage"):
        third = await reporter.flush()
    await reporter.stop()
    assert (third.reported, metrics.reported) == (1, 1)
    assert [(e["count"], e["errors"]) for e in fake.operations] == [(1, 1)]
    assert fake.usage_posts == 3  # one failed POST per flush, then the one taken
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        "usage report not delivered: the registry answered 503 Service Unavailable; "
        "retrying at the next flush"
    ]
    assert "accepted again" in caplog.text


async def test_reports_are_split_by_max_operations_per_report(
    registry: tuple[FakeRegistry, str],
) -> None:
    fake, url = registry
    reporter = _reporter(url, max_operations_per_report=2)
    for client in "abcde":
        reporter.record(executed(GET_TUTOR), client, "1", False)
    result = await reporter.flush()
    await reporter.stop()
    assert result.sent_entries == 5
    assert [len(report["operations"]) for report in fake.reports] == [2, 2, 1]
    assert [e["client"]["name"] for e in fake.operations] == list("abcde")


async def test_waiting_aggregates_are_bounded_by_max_queue_oldest_first(
    registry: tuple[FakeRegistry, str],
) -> None:
    fake, url = registry
    metrics = Counted()
    reporter = _reporter(url, metrics, max_queue=3)
    fake.usage_status = 500
    for client in "abc":
        reporter.record(executed(GET_TUTOR), client, "1", False)
    await reporter.flush()
    for client in "de":
        reporter.record(executed(GET_TUTOR), client, "1", False)
    await reporter.flush()
    # a and b went to make room; c failed its second attempt; d and e wait.
    assert [entry.client_name for entry in reporter.outbox] == ["d", "e"]
    assert metrics.dropped == 3
    await reporter.stop()


async def test_the_schedule_reports_every_flush_seconds(
    registry: tuple[FakeRegistry, str],
) -> None:
    fake, url = registry
    reporter = UsageReporter(UsageConfig(flush_seconds=0.05), url=url, headers=AUTH)
    await reporter.start()
    try:
        reporter.record(executed(GET_TUTOR), "web", "1", False)
        await until(lambda: len(fake.operations) == 1, "the first report")
        reporter.record(executed(GET_TUTOR), "web", "1", False)
        await until(lambda: len(fake.operations) == 2, "the second report")
    finally:
        await reporter.stop()


async def test_stop_sends_what_is_left(registry: tuple[FakeRegistry, str]) -> None:
    fake, url = registry
    reporter = UsageReporter(UsageConfig(flush_seconds=3600), url=url, headers=AUTH)
    await reporter.start()
    reporter.record(executed(GET_TUTOR), "web", "1", False)
    await reporter.stop()
    assert [entry["count"] for entry in fake.operations] == [1]


async def test_stop_gives_up_after_timeout_seconds(registry: tuple[FakeRegistry, str]) -> None:
    fake, url = registry
    fake.usage_delay = 2
    metrics = Counted()
    reporter = _reporter(url, metrics, timeout_seconds=0.3)
    await reporter.start()
    reporter.record(executed(GET_TUTOR), "web", "1", False)
    began = time.monotonic()
    await reporter.stop()
    assert time.monotonic() - began < 5
    assert metrics.dropped == 1
    assert fake.operations == []


async def test_an_unreachable_registry_or_a_refused_token_is_logged_not_raised(
    registry: tuple[FakeRegistry, str], caplog: pytest.LogCaptureFixture
) -> None:
    _, url = registry
    closed = f"http://127.0.0.1:{free_port()}/usage"
    refused = UsageReporter(
        UsageConfig(),
        url=url,
        headers={"authorization": "Bearer wrong"},
        credentials_hint="the token in GATEWAY_REGISTRY_TOKEN",
    )
    unreachable = UsageReporter(UsageConfig(), url=closed, headers=AUTH)
    with caplog.at_level(logging.WARNING, logger="gateway.usage"):
        for reporter in (refused, unreachable):
            reporter.record(executed(GET_TUTOR), "web", "1", False)
            assert (await reporter.flush()).kept_entries == 1
            await reporter.stop()
    [error, warning, *_] = caplog.records
    assert error.levelno == logging.ERROR
    assert "the registry refused the token in GATEWAY_REGISTRY_TOKEN (401)" in error.getMessage()
    assert warning.levelno == logging.WARNING
    assert "cannot be reached: ClientConnectorError" in warning.getMessage()


_SIGNATURE = Signature(
    hash="h", name="GetTutor", document=GET_TUTOR, coordinates=(), introspection_only=False
)
_durations = st.lists(
    st.floats(min_value=0, max_value=100_000, allow_nan=False, allow_infinity=False)
)


def _histogram(durations: list[float], client: str = "web") -> tuple[list[int], float]:
    """The histogram and sum one report carries for `durations` of one operation and client."""
    run = executed(GET_TUTOR)
    samples = [Sample(run, client, "1", False, ms) for ms in durations]
    entries = aggregate(samples, {signature_key(run): _SIGNATURE}, start=0, end=1)
    if not entries:
        return [0] * BUCKETS, 0.0
    [entry] = entries
    assert sum(entry.latency) == entry.count == len(durations)
    return entry.latency, entry.latency_ms


@given(_durations, _durations)
def test_two_reports_histograms_add_up_to_the_histogram_of_all_their_requests(
    first: list[float], second: list[float]
) -> None:
    (one, one_ms), (two, two_ms) = _histogram(first), _histogram(second)
    both, both_ms = _histogram(first + second)
    assert [a + b for a, b in zip(one, two, strict=True)] == both
    assert one_ms + two_ms == pytest.approx(both_ms)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_a_duration_lands_in_the_bucket_its_bounds_say(milliseconds: float) -> None:
    [bucket] = [i for i, n in enumerate(_histogram([milliseconds])[0]) if n]
    assert bucket == 0 or BOUNDS_MS[bucket - 1] < milliseconds
    assert bucket == len(BOUNDS_MS) or milliseconds <= BOUNDS_MS[bucket]
