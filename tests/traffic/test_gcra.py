"""GCRA in memory: bursts up to the limit, even refill, exact waits, bounded memory."""

from __future__ import annotations

import pytest

from gateway.config import config_from_data
from gateway.server import gateway_from_config
from gateway.traffic import MemoryStore, Rate
from tests.server.subgraphs import supergraph_sdl

SDL = supergraph_sdl({})


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000_000

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += round(seconds * 1_000_000)


def test_the_whole_limit_may_be_spent_at_once_then_it_refills_evenly() -> None:
    clock = Clock()
    store = MemoryStore(clock=clock)
    rate = Rate.of(5, 60)
    assert [store.take("k", rate) for _ in range(5)] == [0.0] * 5
    assert store.take("k", rate) == pytest.approx(12.0)
    clock.advance(11.9)
    assert store.take("k", rate) == pytest.approx(0.1)
    clock.advance(0.1)
    assert store.take("k", rate) == 0.0
    assert store.take("k", rate) == pytest.approx(12.0)


def test_no_double_burst_at_a_window_edge() -> None:
    clock = Clock()
    store = MemoryStore(clock=clock)
    rate = Rate.of(10, 1)
    assert sum(store.take("k", rate) == 0.0 for _ in range(10)) == 10
    clock.advance(1.0)  # a fixed window would allow ten more here, then ten more at once
    assert sum(store.take("k", rate) == 0.0 for _ in range(20)) == 10


def test_cost_counts_several_requests_and_refused_ones_are_not_counted() -> None:
    clock = Clock()
    store = MemoryStore(clock=clock)
    rate = Rate.of(3, 3)
    assert store.take("k", rate, 2) == 0.0
    assert store.take("k", rate, 2) == pytest.approx(1.0)
    assert store.take("k", rate, 1) == 0.0


def test_keys_are_independent() -> None:
    store = MemoryStore(clock=Clock())
    rate = Rate.of(1, 60)
    assert store.take("a", rate) == 0.0
    assert store.take("b", rate) == 0.0
    assert store.take("a", rate) > 0


def test_memory_stays_bounded_whatever_the_number_of_clients() -> None:
    clock = Clock()
    store = MemoryStore(max_keys=100, clock=clock)
    rate = Rate.of(1, 60)
    for n in range(1000):
        store.take(f"client-{n}", rate)
    assert len(store) <= 100
    while len(store) < 100:  # full again
        store.take(f"other-{len(store)}", rate)
    clock.advance(61)  # every key has expired: the next new key sweeps them all
    store.take("newcomer", rate)
    assert len(store) == 1


def test_tiny_rates_keep_a_positive_interval() -> None:
    rate = Rate.of(10_000_000, 1)
    assert rate.interval_us >= 1
    assert rate.window_us == 1_000_000


def test_a_redis_store_without_its_url_is_refused_naming_the_variable() -> None:
    config = config_from_data({"rate_limits": {"store": "redis"}})
    with pytest.raises(ValueError, match="GATEWAY_RATE_LIMIT_REDIS_URL"):
        gateway_from_config(config, sdl=SDL, env={})


def test_a_malformed_redis_url_is_refused_without_repeating_it() -> None:
    config = config_from_data({"rate_limits": {"store": "redis"}})
    secret_url = "notredis://user:hunter2@host"
    with pytest.raises(ValueError, match="URL is not valid") as caught:
        gateway_from_config(config, sdl=SDL, env={"GATEWAY_RATE_LIMIT_REDIS_URL": secret_url})
    assert "hunter2" not in str(caught.value)
