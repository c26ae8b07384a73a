"""The breaker's states, the retry budget and sliding counts, on a hand-turned clock."""

from __future__ import annotations

from gateway.config import CircuitBreakerConfig
from gateway.traffic import (
    Admission,
    CircuitBreaker,
    NullTrafficObserver,
    RetryBudget,
    SlidingCounts,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _breaker(clock: Clock, **config: object) -> CircuitBreaker:
    settings = CircuitBreakerConfig(
        enabled=True, failure_threshold=2, failure_rate=0.5, window_seconds=10, open_seconds=5,
        **config,  # type: ignore[arg-type]
    )  # fmt: skip
    return CircuitBreaker("s", settings, NullTrafficObserver(), clock=clock)


def test_opens_on_failures_then_half_opens_after_the_cool_down() -> None:
    clock = Clock()
    breaker = _breaker(clock)
    breaker.failed(breaker.allow())
    assert breaker.state == "closed"
    breaker.failed(breaker.allow())
    assert breaker.state == "open"
    assert breaker.allow() is Admission.REFUSED
    clock.now += 5
    probe = breaker.allow()
    assert (probe, breaker.state) == (Admission.PROBE, "half_open")
    assert breaker.allow() is Admission.REFUSED  # one probe at a time
    breaker.succeeded(probe)
    assert breaker.state == "closed"
    assert breaker.allow() is Admission.PASS


def test_a_released_probe_frees_its_slot() -> None:
    clock = Clock()
    breaker = _breaker(clock, half_open_requests=1)
    breaker.failed(breaker.allow())
    breaker.failed(breaker.allow())
    clock.now += 5
    probe = breaker.allow()
    breaker.release(probe)
    assert breaker.allow() is Admission.PROBE


def test_several_probes_must_all_answer() -> None:
    clock = Clock()
    breaker = _breaker(clock, half_open_requests=2)
    breaker.failed(breaker.allow())
    breaker.failed(breaker.allow())
    clock.now += 5
    first, second = breaker.allow(), breaker.allow()
    breaker.succeeded(first)
    assert breaker.state == "half_open"
    breaker.failed(second)
    assert breaker.state == "open"
    breaker.succeeded(first)  # late news from a finished period changes nothing
    assert breaker.state == "open"


def test_failures_leave_the_window() -> None:
    clock = Clock()
    breaker = _breaker(clock)
    breaker.failed(breaker.allow())
    clock.now += 11
    breaker.failed(breaker.allow())
    assert breaker.state == "closed"


def test_the_budget_allows_a_share_plus_a_floor() -> None:
    clock = Clock()
    budget = RetryBudget(ratio=0.1, window=10, min_per_second=0.1, clock=clock)
    assert budget.withdraw()  # the floor: 0.1/s over 10 s
    assert not budget.withdraw()
    for _ in range(20):
        budget.fetched()
    assert budget.withdraw()
    assert budget.withdraw()  # 1 + 10% of 20
    assert not budget.withdraw()
    clock.now += 10.5
    assert budget.withdraw()  # the old fetches and retries have left the window


def test_sliding_counts_forget_old_buckets() -> None:
    clock = Clock()
    counts = SlidingCounts(1.0, 2, slots=10, clock=clock)
    counts.add(0)
    clock.now += 0.5
    counts.add(1, 3)
    assert counts.totals() == [1, 3]
    clock.now += 0.6
    assert counts.totals() == [0, 3]
    clock.now += 1.0
    assert counts.totals() == [0, 0]
