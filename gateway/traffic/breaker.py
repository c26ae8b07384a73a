"""One subgraph's circuit breaker: closed, open (fail fast), half-open (a few trial fetches).

    closed     fetches go through; outcomes are counted over a sliding window.  When the
               window holds at least `failure_threshold` failures that are at least
               `failure_rate` of its fetches, it opens.
    open       `allow` refuses every fetch (the caller fails it with SUBGRAPH_UNAVAILABLE)
               until `open_seconds` have passed; the first fetch after that makes it
    half_open  `half_open_requests` fetches are let through (probes), the others refused.
               Every probe answering closes it (with a fresh window); one failing reopens it.

A fetch that ends neither way (the client went away, a rate limit refused it) is `release`d,
giving its probe slot back.  Each transition is logged (opening at warning) and reported to the
observer (metrics).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import Enum

from gateway.config import CircuitBreakerConfig
from gateway.traffic.observer import BreakerState, TrafficObserver
from gateway.traffic.window import SlidingCounts

__all__ = ["Admission", "CircuitBreaker"]

logger = logging.getLogger(__name__)

_CALLS, _FAILURES = 0, 1


class Admission(Enum):
    REFUSED = 0
    PASS = 1
    PROBE = 2


class CircuitBreaker:
    def __init__(
        self,
        subgraph: str,
        config: CircuitBreakerConfig,
        observer: TrafficObserver,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.subgraph = subgraph
        self.config = config
        self.observer = observer
        self.state: BreakerState = "closed"
        self.window = SlidingCounts(config.window_seconds, 2, clock=clock)
        self.opened_at = 0.0
        self.probes = 0  # probes in flight
        self.answered = 0  # probes that answered, this half-open period
        self._clock = clock
        observer.breaker_changed(subgraph, "closed", "closed")  # the gauge starts at closed

    def allow(self) -> Admission:
        match self.state:
            case "closed":
                return Admission.PASS
            case "open":
                if self._clock() - self.opened_at < self.config.open_seconds:
                    return Admission.REFUSED
                self._enter("half_open")
                self.probes = self.answered = 0
                return self._probe()
            case "half_open":
                return self._probe()

    def _probe(self) -> Admission:
        if self.probes + self.answered >= self.config.half_open_requests:
            return Admission.REFUSED
        self.probes += 1
        return Admission.PROBE

    def succeeded(self, admission: Admission) -> None:
        if admission is Admission.PROBE:
            if self.state != "half_open":
                return  # a probe of a period that has ended
            self.probes -= 1
            self.answered += 1
            if self.answered >= self.config.half_open_requests:
                self.window.clear()
                self._enter("closed")
        elif self.state == "closed":
            self.window.add(_CALLS)

    def failed(self, admission: Admission) -> None:
        if admission is Admission.PROBE:
            if self.state == "half_open":
                self._open("a trial fetch failed")
            return
        if self.state != "closed":
            return
        window = self.window
        window.add(_CALLS)
        window.add(_FAILURES)
        calls, failures = window.totals()
        config = self.config
        if failures >= config.failure_threshold and failures >= config.failure_rate * calls:
            self._open(
                f"{failures} of {calls} fetches failed in the last {config.window_seconds:g} s"
            )

    def release(self, admission: Admission) -> None:
        if admission is Admission.PROBE and self.state == "half_open":
            self.probes -= 1

    def _open(self, why: str) -> None:
        self.opened_at = self._clock()
        self._enter("open")
        logger.warning(
            "circuit breaker of subgraph '%s' opened: %s; its fetches fail fast for %g s",
            self.subgraph,
            why,
            self.config.open_seconds,
            extra={"subgraph": self.subgraph, "circuit_state": "open"},
        )

    def _enter(self, state: BreakerState) -> None:
        old, self.state = self.state, state
        if state == "half_open":
            logger.info(
                "circuit breaker of subgraph '%s' half-open: trying %d fetch(es)",
                self.subgraph,
                self.config.half_open_requests,
                extra={"subgraph": self.subgraph, "circuit_state": state},
            )
        elif state == "closed":
            logger.info(
                "circuit breaker of subgraph '%s' closed: the subgraph answers again",
                self.subgraph,
                extra={"subgraph": self.subgraph, "circuit_state": state},
            )
        self.observer.breaker_changed(self.subgraph, old, state)
