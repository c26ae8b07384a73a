"""Usage reporting end to end: real requests through a gateway on a socket, built from its
configuration as `serve` builds it, in front of a real subgraph, reporting to the fake registry."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.config import GatewayConfig, RegistryConfig, SupergraphConfig, UsageConfig
from gateway.server.factory import build_app
from gateway.server.http.app import GatewayApp
from gateway.usage import signature_hash
from gateway.usage.latency import BOUNDS_MS
from tests.runtime.waiting import until_sync
from tests.server.subgraphs import strawberry_app
from tests.support.fake_registry import TOKEN, TOKEN_ENV, FakeRegistry, running_registry
from tests.support.servers import serve_in_thread

from .tutors import SCHEMA, supergraph_sdl

WEB = {"apollographql-client-name": "web", "apollographql-client-version": "1.4.0"}
IOS = {"apollographql-client-name": "ios", "apollographql-client-version": "2.0"}
GET_TUTOR = 'query GetTutor { tutor(id: "1") { name subjects(level: ADVANCED) { level } } }'


@pytest.fixture(scope="module")
def tutors_url() -> Iterator[str]:
    with serve_in_thread(strawberry_app(SCHEMA)) as base:
        yield f"{base}/graphql"


@pytest.fixture
def registry(
    tutors_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[FakeRegistry, str]]:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    fake = FakeRegistry()
    fake.publish(supergraph_sdl(tutors_url), "1")
    with running_registry(fake) as base:
        yield fake, base


@contextlib.contextmanager
def gateway(base: str, tmp_path: Path, **usage: Any) -> Iterator[httpx.Client]:
    """The gateway on a socket; leaving the block shuts it down (its last usage report)."""
    config = GatewayConfig(
        introspection=True,
        supergraph=SupergraphConfig(
            registry=RegistryConfig(
                url=base,
                graph="tutorgraph",
                poll_seconds=0,
                cache_file=str(tmp_path / "supergraph.graphql"),
            )
        ),
        usage=UsageConfig(**usage),
    )
    app = build_app(config)
    assert isinstance(app, GatewayApp), app
    with serve_in_thread(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


def _post(client: httpx.Client, query: str, headers: dict[str, str] | None = None) -> Any:
    return client.post("/graphql", json={"query": query}, headers=headers)


def _by_name(fake: FakeRegistry) -> dict[tuple[str | None, str], dict[str, Any]]:
    """Reported operations by (name, client name), counts summed over windows."""
    found: dict[tuple[str | None, str], dict[str, Any]] = {}
    for entry in fake.operations:
        key = (entry["name"], entry["client"]["name"])
        if key in found:
            found[key]["count"] += entry["count"]
            found[key]["errors"] += entry["errors"]
            found[key]["latency"] = {
                "bounds_ms": entry["latency"]["bounds_ms"],
                "counts": [
                    a + b
                    for a, b in zip(
                        found[key]["latency"]["counts"], entry["latency"]["counts"], strict=True
                    )
                ],
                "sum_ms": found[key]["latency"]["sum_ms"] + entry["latency"]["sum_ms"],
            }
        else:
            found[key] = dict(entry)
    return found


def test_executed_operations_are_reported_with_hash_coordinates_counts_and_clients(
    registry: tuple[FakeRegistry, str], tmp_path: Path
) -> None:
    fake, base = registry
    with gateway(base, tmp_path, flush_seconds=0.1) as client:
        for tutor_id in ("1", "2"):
            body = _post(client, GET_TUTOR.replace('"1"', f'"{tutor_id}"'), WEB).json()
            assert body["data"]["tutor"]["name"] == "Ada"
        search = 'query Find { search(filter: {level: ADVANCED, subject: "art"}) { id } }'
        assert _post(client, search, IOS).json() == {"data": {"search": [{"id": "1"}]}}
        broken = _post(client, "query Broken { broken }", IOS).json()
        assert broken["data"] == {"broken": None}
        assert broken["errors"]
        # Refused before execution: not reported.
        for refused in ("query Bad {", "query Unknown { nope }"):
            body = _post(client, refused, WEB).json()
            assert "data" not in body
            assert body["errors"]
        # Executed, but introspection only: not reported.
        assert _post(client, "query Meta { __schema { queryType { name } } }", WEB).json()["data"]
        until_sync(
            lambda: sum(entry["count"] for entry in fake.operations) == 4, "four requests reported"
        )
    reported = _by_name(fake)
    assert set(reported) == {("GetTutor", "web"), ("Find", "ios"), ("Broken", "ios")}
    get_tutor = reported[("GetTutor", "web")]
    document = (
        'query GetTutor {\n  tutor(id: "") {\n    name\n'
        "    subjects(level: ADVANCED) {\n      level\n    }\n  }\n}"
    )
    assert get_tutor["document"] == document
    assert get_tutor["hash"] == signature_hash(document)
    assert get_tutor["client"] == {"name": "web", "version": "1.4.0"}
    assert (get_tutor["count"], get_tutor["errors"]) == (2, 0)
    assert get_tutor["coordinates"] == [
        "Level.ADVANCED",
        "Query.tutor",
        "Query.tutor(id:)",
        "Subject.level",
        "Tutor.name",
        "Tutor.subjects",
        "Tutor.subjects(level:)",
    ]
    find = reported[("Find", "ios")]
    assert find["client"] == {"name": "ios", "version": "2.0"}
    assert find["coordinates"] == [
        "Level.ADVANCED",
        "Query.search",
        "Query.search(filter:)",
        "Tutor.id",
        "TutorFilter.level",
        "TutorFilter.subject",
    ]
    assert find["document"] == "query Find {\n  search(filter: {}) {\n    id\n  }\n}"
    assert (reported[("Broken", "ios")]["count"], reported[("Broken", "ios")]["errors"]) == (1, 1)
    assert all(report.keys() == {"operations"} for report in fake.reports)
    # Every report carries its requests' durations: one per request, in the registry's bounds.
    for entry in reported.values():
        latency = entry["latency"]
        assert latency["bounds_ms"] == list(BOUNDS_MS)
        assert sum(latency["counts"]) == entry["count"]
        assert latency["sum_ms"] > 0


def test_a_full_queue_counts_drops_while_requests_succeed_and_shutdown_reports_the_rest(
    registry: tuple[FakeRegistry, str], tmp_path: Path
) -> None:
    fake, base = registry
    with gateway(base, tmp_path, flush_seconds=3600, max_queue=2) as client:
        for _ in range(5):
            response = _post(client, GET_TUTOR, WEB)
            assert response.status_code == 200
            assert response.json()["data"]["tutor"]["name"] == "Ada"
        metrics = client.get("/metrics").text
        assert "gateway_usage_dropped_total 3.0" in metrics
        assert fake.operations == []  # nothing sent before the next flush, an hour away
    # Stopping the gateway sent what was queued.
    assert [(entry["name"], entry["count"]) for entry in fake.operations] == [("GetTutor", 2)]


def test_a_failing_or_hanging_registry_never_holds_or_fails_a_request(
    registry: tuple[FakeRegistry, str], tmp_path: Path
) -> None:
    fake, base = registry
    fake.usage_status = 500
    fake.usage_delay = 4.0  # every report hangs, then fails
    with gateway(base, tmp_path, flush_seconds=0.05, timeout_seconds=10) as client:
        assert _post(client, GET_TUTOR, WEB).status_code == 200
        until_sync(lambda: fake.usage_posts >= 1, "a report to be in flight")
        began = time.monotonic()
        for _ in range(20):
            response = _post(client, GET_TUTOR, WEB)
            assert response.status_code == 200
            assert response.json()["data"]["tutor"]["name"] == "Ada"
        # Had a request waited for the hanging report, it alone would have taken 4 s.
        assert time.monotonic() - began < 4.0
        metrics = client.get("/metrics").text
        assert "gateway_usage_reported_operations_total 0.0" in metrics
        fake.usage_delay = 0.0  # the last report, at shutdown, fails at once
    assert fake.operations == []
