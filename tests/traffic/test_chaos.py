"""Chaos under load, over real sockets: while clients keep querying, one subgraph starts to hang.
Its circuit breaker opens and its fields fail fast; the other subgraph's data never suffers;
when the subgraph answers again the breaker closes and answers are whole again."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from .stack import Flaky, serve_gateway

QUERY = {"query": "{ hello me { name status } flaky }"}
WHOLE = {
    "data": {"hello": "world", "me": {"name": "user-1", "status": "active-1"}, "flaky": "fine"}
}
TIMEOUT = 0.3
CONFIG: dict[str, Any] = {
    "subgraphs": {"timeouts": {"flaky": TIMEOUT}},
    "circuit_breaker": {
        "enabled": True,
        "failure_threshold": 5,
        "failure_rate": 0.5,
        "window_seconds": 1,
        "open_seconds": 0.5,
    },
}
CLIENTS = 6


@dataclass(frozen=True, slots=True)
class Answer:
    sent: float
    seconds: float
    status: int
    body: Any


def _load(base: str, stop: threading.Event, answers: list[Answer]) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        while not stop.is_set():
            sent = time.monotonic()
            response = client.post("/graphql", json=QUERY)
            answers.append(
                Answer(sent, time.monotonic() - sent, response.status_code, response.json())
            )


def _run_until(answers: list[Answer], *, after: float, at_least: float) -> None:
    """Let the load run `at_least` seconds, and on until every client has had an answer to a
    request sent after `after` (a loaded machine is slower, never less checked)."""
    start = time.monotonic()
    deadline = start + 60
    while time.monotonic() < deadline:
        if time.monotonic() - start >= at_least and (
            sum(1 for a in list(answers) if a.sent > after) >= CLIENTS
        ):
            return
        time.sleep(0.05)


def _codes(answer: Answer) -> set[str]:
    return {e["extensions"]["code"] for e in answer.body.get("errors", ())}


def test_a_hanging_subgraph_is_cut_off_and_rejoins_while_the_rest_answers(
    sdl: str, flaky: Flaky
) -> None:
    with serve_gateway(CONFIG, sdl) as (client, _):
        base = str(client.base_url)
        answers: list[Answer] = []
        stop = threading.Event()
        workers = [
            threading.Thread(target=_load, args=(base, stop, answers)) for _ in range(CLIENTS)
        ]
        for worker in workers:
            worker.start()
        try:
            deadline = time.monotonic() + 30
            while len(answers) < 2 * CLIENTS and time.monotonic() < deadline:
                time.sleep(0.05)  # healthy traffic first
            flaky.release.clear()
            flaky.mode = "hang"
            outage = time.monotonic()
            _run_until(answers, after=outage + 1.0, at_least=2.0)
            calls_during_outage = flaky.calls
            flaky.mode = "ok"
            flaky.release.set()
            recovery = time.monotonic()
            _run_until(answers, after=recovery + 0.5 + TIMEOUT + 0.5, at_least=2.0)
        finally:
            stop.set()
            flaky.release.set()
            for worker in workers:
                worker.join(timeout=30)
        metrics = client.get("/metrics").text

    assert answers, "no request was answered"
    # Nothing failed as a whole, and the healthy subgraph's data is in every answer.
    assert {a.status for a in answers} == {200}
    for answer in answers:
        data = answer.body["data"]
        assert data["hello"] == "world"
        assert data["me"]["name"] == "user-1"
    before = [a for a in answers if a.sent + a.seconds < outage]
    assert before
    assert all(a.body == WHOLE for a in before)
    during = [a for a in answers if outage + 1.0 < a.sent < recovery]
    assert during
    # The breaker opened: most answers failed fast instead of waiting for the timeout...
    fast = [a for a in during if "SUBGRAPH_UNAVAILABLE" in _codes(a)]
    assert len(fast) > len(during) / 2, [sorted(_codes(a)) for a in during]
    assert sorted(a.seconds for a in fast)[len(fast) // 2] < TIMEOUT / 2
    # ...and the hanging subgraph was spared most of the traffic (2 fetches per request).
    assert calls_during_outage < len([a for a in answers if a.sent < recovery])
    # Once it answers again, a probe closes the breaker and answers are whole (at the latest
    # a cool-down after a probe that was still hanging when the subgraph recovered).
    settled = [a for a in answers if a.sent > recovery + 0.5 + TIMEOUT + 0.5]
    assert settled
    assert all(a.body == WHOLE for a in settled), [a.body for a in settled][:3]
    assert 'gateway_subgraph_circuit_state{subgraph="flaky"} 0.0' in metrics
    assert 'gateway_subgraph_circuit_transitions_total{state="open",subgraph="flaky"}' in metrics
    assert 'gateway_subgraph_circuit_state{subgraph="accounts"} 0.0' in metrics
