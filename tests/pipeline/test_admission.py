"""How many requests execute at once (`gateway.pipeline.admission`): `floor` while the event loop
is busy, more whenever it has idle time; places are given in order and never lost."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from gateway.execution import SubgraphRequest
from gateway.pipeline import RequestPipeline
from gateway.pipeline.admission import Admission
from gateway.pipeline.pipeline import PipelineStages
from gateway.request import GraphQLRequest

from .standins import CountingPlanner, FakeSupergraph

# `busy` decides how a window is judged: 0 judges every window busy, 2 every window idle (a
# thread cannot use twice the time that passed); one test measures a real loop.
ALWAYS_BUSY = 0.0
NEVER_BUSY = 2.0


async def _enter(admission: Admission) -> None:
    place = admission.enter()
    if place is not None:
        await admission.wait(place)


def test_no_floor_bounds_nothing() -> None:
    async def scenario() -> None:
        admission = Admission(0)
        for _ in range(100):
            assert admission.enter() is None
        admission.leave()
        assert admission.executing == 0
        assert admission.waiting == 0

    asyncio.run(scenario())


def test_a_busy_loop_runs_floor_requests_at_once_in_arrival_order() -> None:
    async def scenario() -> None:
        admission = Admission(2, window=0.01, busy=ALWAYS_BUSY)
        started: list[int] = []
        finish = [asyncio.Event() for _ in range(5)]

        async def request(number: int) -> None:
            await _enter(admission)
            try:
                started.append(number)
                await finish[number].wait()
            finally:
                admission.leave()

        tasks = [asyncio.create_task(request(number)) for number in range(5)]
        await asyncio.sleep(0.05)  # several windows, each judged busy: no widening
        assert started == [0, 1]
        assert admission.waiting == 3
        finish[1].set()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert started == [0, 1, 2]
        for event in finish:
            event.set()
        await asyncio.gather(*tasks)
        assert started == [0, 1, 2, 3, 4]
        assert admission.executing == 0
        assert admission.waiting == 0
        assert admission.limit == 2

    asyncio.run(scenario())


def test_an_idle_loop_widens_the_bound_for_requests_that_wait() -> None:
    async def scenario() -> None:
        admission = Admission(1, window=0.01, busy=NEVER_BUSY)
        release = asyncio.Event()
        running = 0
        most = 0

        async def request() -> None:
            nonlocal running, most
            await _enter(admission)
            try:
                running += 1
                most = max(most, running)
                await release.wait()  # a slow subgraph: the loop sits idle
            finally:
                running -= 1
                admission.leave()

        tasks = [asyncio.create_task(request()) for _ in range(10)]
        for _ in range(100):
            await asyncio.sleep(0.01)
            if most == 10:
                break
        assert most == 10, "waiting requests were not let in while the loop was idle"
        assert admission.limit >= 10
        release.set()
        await asyncio.gather(*tasks)
        assert admission.executing == 0

    asyncio.run(scenario())


def test_a_busy_loop_narrows_a_wide_bound_back_to_the_floor() -> None:
    async def scenario() -> None:
        admission = Admission(2, window=0.01, busy=ALWAYS_BUSY)
        admission.limit = 64  # widened earlier, by slow subgraphs say
        await _enter(admission)  # above the floor: it starts measuring
        for _ in range(100):
            await asyncio.sleep(0.01)
            if admission.limit == 2:
                break
        assert admission.limit == 2
        admission.leave()

    asyncio.run(scenario())


def test_the_loop_is_judged_by_its_thread_s_cpu_time() -> None:
    """A window spent computing is busy; one spent waiting is not (measured, not assumed)."""

    async def scenario() -> tuple[int, int]:
        spinning = Admission(1, window=0.05, busy=0.5)
        await _enter(spinning)
        spinning_waiter = asyncio.ensure_future(_enter(spinning))
        await asyncio.sleep(0)
        spinning.limit = 4  # the window's verdict decides whether it is halved
        end = time.monotonic() + 0.2
        while time.monotonic() < end:
            pass  # the loop's thread computes: no window can pass without it
        await asyncio.sleep(0.01)
        narrowed = spinning.limit
        spinning.leave()
        await spinning_waiter
        spinning.leave()

        sleeping = Admission(1, window=0.05, busy=0.5)
        await _enter(sleeping)
        waiter = asyncio.ensure_future(_enter(sleeping))
        await asyncio.sleep(0.2)  # idle: the waiter is let in beside the first
        widened = sleeping.limit
        assert waiter.done()
        sleeping.leave()
        sleeping.leave()
        return narrowed, widened

    narrowed, widened = asyncio.run(scenario())
    assert narrowed < 4
    assert widened >= 2


def test_a_request_cancelled_while_waiting_leaves_the_queue() -> None:
    async def scenario() -> None:
        admission = Admission(1, window=10, busy=ALWAYS_BUSY)
        await _enter(admission)
        waiting = asyncio.create_task(_enter(admission))
        await asyncio.sleep(0)
        assert admission.waiting == 1
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert admission.waiting == 0
        admission.leave()
        assert admission.executing == 0
        after = asyncio.create_task(_enter(admission))
        await asyncio.sleep(0)
        assert after.done()
        assert admission.executing == 1

    asyncio.run(scenario())


def test_a_place_granted_to_a_cancelled_request_is_given_back() -> None:
    async def scenario() -> None:
        admission = Admission(1, window=10, busy=ALWAYS_BUSY)
        await _enter(admission)
        waiting = asyncio.create_task(_enter(admission))
        await asyncio.sleep(0)
        admission.leave()  # the place goes to `waiting`...
        waiting.cancel()  # ...which is cancelled before it runs
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert admission.executing == 0
        assert admission.enter() is None  # the place is free again

    asyncio.run(scenario())


class CountingFetch:
    """A subgraph that takes its time, counting the calls in progress."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0

    async def __call__(self, request: SubgraphRequest) -> Any:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.sleep(0.05)
        finally:
            self.running -= 1
        return {"data": {"user": {"name": "Ada"}}}


@pytest.mark.parametrize(("judged", "expected_most"), [(ALWAYS_BUSY, 2), (NEVER_BUSY, 12)])
def test_the_pipeline_executes_within_the_bound(judged: float, expected_most: int) -> None:
    async def scenario() -> tuple[int, list[Any]]:
        fetch = CountingFetch()
        stages = PipelineStages(admission=Admission(2, window=0.01, busy=judged))
        pipeline = RequestPipeline(FakeSupergraph(), CountingPlanner(), fetch, stages=stages)
        request = GraphQLRequest(query='{ user(id: "1") { name } }')
        answers = await asyncio.gather(*(pipeline.execute(request) for _ in range(12)))
        return fetch.most, [answer.body for answer in answers]

    most, bodies = asyncio.run(scenario())
    assert most == expected_most
    assert bodies == [{"data": {"user": {"name": "Ada"}}}] * 12
