"""Per-subgraph controls over real sockets: a rate limit and a circuit breaker cost that
subgraph's fields only (partial data, located errors), and the breaker recovers."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
import pytest

from .stack import Flaky, serve_gateway

BOTH = {"query": "{ hello flaky }"}
BREAKER: dict[str, Any] = {
    "circuit_breaker": {
        "enabled": True,
        "failure_threshold": 3,
        "failure_rate": 0.5,
        "window_seconds": 10,
        "open_seconds": 30,  # never half-open unless a test shortens it
    },
    "retries": {"enabled": False},
}
# A cool-down a test waits out: long enough that a loaded machine answers the requests that
# expect the breaker open before it half-opens.
COOL_DOWN = 1.0


def _cooling(seconds: float = COOL_DOWN) -> dict[str, Any]:
    return {**BREAKER, "circuit_breaker": {**BREAKER["circuit_breaker"], "open_seconds": seconds}}


def _ask(client: httpx.Client) -> dict[str, Any]:
    response = client.post("/graphql", json=BOTH)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _code(body: dict[str, Any]) -> str:
    [error] = body["errors"]
    assert error["path"] == ["flaky"]
    assert error["extensions"]["serviceName"] == "flaky"
    code: str = error["extensions"]["code"]
    return code


def _gauge(client: httpx.Client) -> str:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith('gateway_subgraph_circuit_state{subgraph="flaky"}'):
            return line.rsplit(" ", 1)[1]
    return "absent"


def test_a_subgraph_over_its_rate_limit_costs_only_its_fields(sdl: str, flaky: Flaky) -> None:
    data = {"rate_limits": {"subgraphs": {"flaky": {"limit": 2, "window_seconds": 60}}}}
    with serve_gateway(data, sdl) as (client, _):
        calls = flaky.calls
        assert [_ask(client) for _ in range(2)] == [
            {"data": {"hello": "world", "flaky": "fine"}}
        ] * 2
        limited = _ask(client)
        assert limited["data"] == {"hello": "world", "flaky": None}
        assert _code(limited) == "RATE_LIMITED"
        assert flaky.calls == calls + 2  # the third fetch was not sent
        assert 'gateway_rate_limited_requests_total{limit="subgraph:flaky"} 1.0' in (
            client.get("/metrics").text
        )


def test_the_breaker_opens_fails_fast_and_closes_when_the_subgraph_recovers(
    sdl: str, flaky: Flaky, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gateway.traffic.breaker")
    with serve_gateway(_cooling(), sdl) as (client, _):
        assert _gauge(client) == "absent"  # no fetch yet
        assert _ask(client) == {"data": {"hello": "world", "flaky": "fine"}}
        assert _gauge(client) == "0.0"
        flaky.mode = "500"
        failing = [_ask(client) for _ in range(3)]
        assert [_code(body) for body in failing] == ["SUBREQUEST_HTTP_ERROR"] * 3
        assert _gauge(client) == "2.0"
        calls = flaky.calls
        fast = _ask(client)
        assert fast["data"] == {"hello": "world", "flaky": None}
        assert _code(fast) == "SUBGRAPH_UNAVAILABLE"
        assert flaky.calls == calls  # failed fast: not sent
        flaky.mode = "ok"
        time.sleep(COOL_DOWN + 0.05)
        assert _ask(client) == {"data": {"hello": "world", "flaky": "fine"}}  # the probe
        assert _gauge(client) == "0.0"
        metrics = client.get("/metrics").text
    for state in ("open", "half_open", "closed"):
        line = f'gateway_subgraph_circuit_transitions_total{{state="{state}",subgraph="flaky"}} 1.0'
        assert line in metrics
    messages = [r.getMessage() for r in caplog.records if r.name == "gateway.traffic.breaker"]
    assert any("opened: 3 of 4 fetches failed" in m for m in messages), messages
    assert any("half-open" in m for m in messages)
    assert any("closed" in m for m in messages)


def test_a_failing_probe_opens_it_again(sdl: str, flaky: Flaky) -> None:
    with serve_gateway(_cooling(), sdl) as (client, _):
        flaky.mode = "500"
        for _ in range(3):
            _ask(client)
        time.sleep(COOL_DOWN + 0.05)
        calls = flaky.calls
        assert _code(_ask(client)) == "SUBREQUEST_HTTP_ERROR"  # the probe, sent and failed
        assert flaky.calls == calls + 1
        assert _code(_ask(client)) == "SUBGRAPH_UNAVAILABLE"
        assert _gauge(client) == "2.0"


def test_timeouts_count_as_failures(sdl: str, flaky: Flaky) -> None:
    data = {**BREAKER, "subgraphs": {"timeouts": {"flaky": 0.2}}}
    with serve_gateway(data, sdl) as (client, _):
        flaky.mode = "hang"
        flaky.release.clear()
        try:
            assert [_code(_ask(client)) for _ in range(3)] == ["GATEWAY_TIMEOUT"] * 3
            # A timed-out fetch is cancelled once its caller has gone: it counts a moment later.
            deadline = time.monotonic() + 5
            while _gauge(client) != "2.0" and time.monotonic() < deadline:
                time.sleep(0.02)
            assert _code(_ask(client)) == "SUBGRAPH_UNAVAILABLE"
        finally:
            flaky.release.set()


def test_readiness_probes_bypass_the_breaker(sdl: str, flaky: Flaky) -> None:
    with serve_gateway(BREAKER, sdl) as (client, _):
        flaky.mode = "500"
        for _ in range(3):
            _ask(client)
        flaky.mode = "ok"
        assert client.get("/ready").status_code == 200  # the probe reached the subgraph
        assert _code(_ask(client)) == "SUBGRAPH_UNAVAILABLE"  # and did not close the breaker


def test_scattered_failures_on_a_busy_subgraph_do_not_open_it(sdl: str, flaky: Flaky) -> None:
    with serve_gateway(BREAKER, sdl) as (client, _):
        for _ in range(10):
            _ask(client)
        flaky.mode = "500"
        for _ in range(4):  # 4 failures of 14 fetches: under the 50% rate
            _ask(client)
        flaky.mode = "ok"
        assert _ask(client) == {"data": {"hello": "world", "flaky": "fine"}}
        assert _gauge(client) == "0.0"
