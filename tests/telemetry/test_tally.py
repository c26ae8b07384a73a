"""Tallies write to Prometheus' metrics exactly what the direct calls would have written."""

from __future__ import annotations

import asyncio
import math

from hypothesis import given
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from gateway.telemetry.metrics import LATENCY_BUCKETS
from gateway.telemetry.tally import Tallies

# Amounts on and around every bound, as well as anywhere between and beyond them.
_AMOUNTS = st.one_of(
    st.sampled_from([*LATENCY_BUCKETS, 0.0, math.inf, -1.0]),
    st.sampled_from(LATENCY_BUCKETS).map(lambda bound: math.nextafter(bound, math.inf)),
    st.floats(min_value=-1.0, max_value=100.0, allow_nan=False),
)


def _histogram() -> tuple[CollectorRegistry, Histogram]:
    registry = CollectorRegistry()
    histogram = Histogram("t", "t", ("k",), buckets=LATENCY_BUCKETS, registry=registry)
    return registry, histogram


def _samples(registry: CollectorRegistry) -> dict[tuple[str, str], float]:
    text = generate_latest(registry).decode()
    return {
        (sample.name, sample.labels.get("le", "")): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.name.endswith("_created")
    }


@given(st.lists(_AMOUNTS, max_size=60), st.integers(min_value=0, max_value=60))
def test_a_flushed_histogram_tally_equals_observe(amounts: list[float], flush_at: int) -> None:
    direct_registry, direct = _histogram()
    tallied_registry, tallied = _histogram()
    tally = Tallies().histogram(tallied.labels("x"))
    child = direct.labels("x")
    for index, amount in enumerate(amounts):
        child.observe(amount)
        tally.observe(amount)
        if index == flush_at:  # a flush in the middle changes nothing either
            tally.flush()
    tally.flush()
    expected, found = _samples(direct_registry), _samples(tallied_registry)
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        # The sum is added in another order: equal up to rounding.
        assert math.isclose(found[key], value, rel_tol=1e-9, abs_tol=1e-9), key


def test_nan_is_summed_and_counted_nowhere_as_observe_does() -> None:
    direct_registry, direct = _histogram()
    tallied_registry, tallied = _histogram()
    tally = Tallies().histogram(tallied.labels("x"))
    direct.labels("x").observe(math.nan)
    tally.observe(math.nan)
    tally.flush()
    expected, found = _samples(direct_registry), _samples(tallied_registry)
    assert math.isnan(found[("t_sum", "")])
    assert math.isnan(expected[("t_sum", "")])
    del found[("t_sum", "")], expected[("t_sum", "")]
    assert found == expected


@given(st.lists(st.floats(min_value=0.0, max_value=1e6, allow_nan=False), max_size=40))
def test_a_flushed_count_tally_equals_inc(amounts: list[float]) -> None:
    registry = CollectorRegistry()
    counter = Counter("c", "c", registry=registry)
    tally = Tallies().counter(counter)
    for amount in amounts:
        tally.inc(amount)
    tally.flush()
    assert math.isclose(
        registry.get_sample_value("c_total") or 0.0, math.fsum(amounts), rel_tol=1e-9
    )


def test_a_count_tally_refuses_a_negative_amount_as_a_counter_does() -> None:
    tally = Tallies().counter(Counter("c", "c", registry=CollectorRegistry()))
    try:
        tally.inc(-1.0)
    except ValueError:
        pass
    else:
        raise AssertionError("a negative increment was accepted")


def test_without_a_running_loop_every_change_is_written_at_once() -> None:
    registry = CollectorRegistry()
    counter = Counter("c", "c", registry=registry)
    tally = Tallies().counter(counter)
    tally.inc()
    assert registry.get_sample_value("c_total") == 1.0


async def test_on_a_loop_changes_are_written_after_the_interval() -> None:
    registry = CollectorRegistry()
    tallies = Tallies(interval=0.05)
    counter = tallies.counter(Counter("c", "c", registry=registry))
    timer = tallies.histogram(Histogram("h", "h", buckets=(1.0,), registry=registry))
    counter.inc()
    counter.inc(2.0)
    timer.observe(0.5)
    assert registry.get_sample_value("c_total") == 0.0  # not yet: one batch per interval
    await asyncio.sleep(0.2)
    assert registry.get_sample_value("c_total") == 3.0
    assert registry.get_sample_value("h_count") == 1.0
    counter.inc()  # the next change arms the timer again
    await asyncio.sleep(0.2)
    assert registry.get_sample_value("c_total") == 4.0
