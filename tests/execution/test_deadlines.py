"""Fetch deadlines: one timer per loop serves every fetch's timeout, each firing for its own."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from gateway.execution import (
    GATEWAY_TIMEOUT,
    ExecutionOptions,
    SubgraphRequest,
    execute_plan,
    executor,
)
from gateway.plan import QueryPlan

from .fakes import FakeFetch, hang_forever
from .test_executor import root


def _pending() -> int:
    """Deadlines still registered with the current loop's timer."""
    deadlines = executor._LOOP_DEADLINES.current
    assert deadlines is not None
    return len(deadlines.pending)


async def _run(seconds: float, *, hangs: bool, delay: float = 0.0) -> dict[str, Any]:
    async def answer(_request: SubgraphRequest) -> Any:
        await asyncio.sleep(delay)
        return {"data": {"x": 1}}

    fetch = FakeFetch(a=(lambda _r: hang_forever()) if hangs else answer)
    options = ExecutionOptions(default_timeout=seconds)
    result = await execute_plan(
        QueryPlan(node=root("a", "{x}")), variables={}, fetch=fetch, options=options
    )
    return {"data": result.data, "errors": result.errors}


def _timed_out(result: dict[str, Any]) -> bool:
    return [e["extensions"]["code"] for e in result["errors"]] == [GATEWAY_TIMEOUT]


async def test_a_shorter_timeout_after_a_longer_one_fires_on_its_own_time() -> None:
    long = asyncio.ensure_future(_run(60, hangs=True))
    await asyncio.sleep(0.01)  # the long deadline holds the timer first
    short = await asyncio.wait_for(_run(0.05, hangs=True), timeout=10)
    assert _timed_out(short)
    assert not long.done()
    long.cancel()
    await asyncio.gather(long, return_exceptions=True)
    assert _pending() == 0  # the cancelled fetch withdrew its deadline


async def test_a_mix_of_timeouts_each_fires_for_its_own_fetch_only() -> None:
    rng = random.Random(7)
    cases = [(rng.choice([0.03, 0.08, 0.15, 5.0]), rng.random() < 0.5) for _ in range(40)]
    # A fetch that answers takes a moment, so deadlines come and go while others are pending.
    runs = [
        _run(timeout, hangs=hangs and timeout < 1, delay=rng.random() * 0.02)
        for timeout, hangs in cases
    ]
    results = await asyncio.wait_for(asyncio.gather(*runs), timeout=20)
    for (timeout, hangs), result in zip(cases, results, strict=True):
        if hangs and timeout < 1:
            assert _timed_out(result), (timeout, result)
        else:
            assert result == {"data": {"x": 1}, "errors": []}, (timeout, result)
    assert _pending() == 0


async def test_fetches_with_one_timeout_share_the_timer() -> None:
    calls = 0
    loop = asyncio.get_running_loop()
    call_at = loop.call_at

    def counting(when: float, callback: Any, *args: Any) -> asyncio.TimerHandle:
        nonlocal calls
        calls += 1
        return call_at(when, callback, *args)

    await _run(30, hangs=False)  # the first deadline on this loop sets the timer
    loop.call_at = counting  # type: ignore[method-assign]
    try:
        await asyncio.gather(*(_run(30, hangs=False) for _ in range(50)))
    finally:
        del loop.call_at
    assert calls == 0
    assert _pending() == 0
