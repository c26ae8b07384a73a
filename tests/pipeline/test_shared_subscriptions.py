"""Identical subscriptions share one source stream: every subscriber gets every event from when
it joined, in order; the source closes when the last subscriber leaves or when it ends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from gateway.pipeline.subscriptions import SharedSubscriptions
from gateway.request import ExecutionResult, Refusal, refusal


class Source:
    """A source stream fed by the test; records whether it was closed."""

    def __init__(self) -> None:
        self.items: asyncio.Queue[ExecutionResult | Refusal | None] = asyncio.Queue()
        self.started = 0
        self.closed = 0

    def start(self) -> AsyncIterator[ExecutionResult | Refusal]:
        self.started += 1
        return self._run()

    async def _run(self) -> AsyncIterator[ExecutionResult | Refusal]:
        try:
            while (item := await self.items.get()) is not None:
                yield item
        finally:
            self.closed += 1

    def emit(self, n: int) -> None:
        self.items.put_nowait(ExecutionResult(data={"n": n}))


async def _take(events: AsyncIterator[ExecutionResult | Refusal], count: int) -> list[object]:
    taken: list[object] = []
    async with asyncio.timeout(5):
        async for item in events:
            taken.append(item.data if isinstance(item, ExecutionResult) else item.code)
            if len(taken) == count:
                break
    return taken


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_identical_subscribers_share_one_source_and_see_every_event() -> None:
    shared, source = SharedSubscriptions(), Source()
    first = shared.join("k", source.start)
    second = shared.join("k", source.start)
    reading = [asyncio.create_task(_take(s, 3)) for s in (first, second)]
    await _settle()
    for n in range(3):
        source.emit(n)
    assert [await task for task in reading] == [[{"n": 0}, {"n": 1}, {"n": 2}]] * 2
    assert source.started == 1


async def test_a_late_subscriber_gets_events_from_when_it_joined() -> None:
    shared, source = SharedSubscriptions(), Source()
    early = shared.join("k", source.start)
    early_reading = asyncio.create_task(_take(early, 3))
    await _settle()
    source.emit(0)
    await _settle()
    late = shared.join("k", source.start)
    late_reading = asyncio.create_task(_take(late, 2))
    await _settle()
    source.emit(1)
    source.emit(2)
    assert await early_reading == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert await late_reading == [{"n": 1}, {"n": 2}]
    assert source.started == 1


async def test_the_source_closes_when_the_last_subscriber_leaves() -> None:
    shared, source = SharedSubscriptions(), Source()
    first, second = shared.join("k", source.start), shared.join("k", source.start)
    reading = asyncio.create_task(_take(first, 1))
    other = asyncio.create_task(_take(second, 2))
    await _settle()
    source.emit(0)
    assert await reading == [{"n": 0}]
    await first.aclose()  # type: ignore[attr-defined]
    await _settle()
    assert source.closed == 0  # the second still listens
    source.emit(1)
    assert await other == [{"n": 0}, {"n": 1}]
    await second.aclose()  # type: ignore[attr-defined]
    await _settle()
    assert source.closed == 1
    assert len(shared) == 0
    # A newcomer starts afresh.
    third = shared.join("k", source.start)
    reading = asyncio.create_task(_take(third, 1))
    await _settle()
    source.emit(2)
    assert await reading == [{"n": 2}]
    assert source.started == 2


async def test_different_keys_do_not_share() -> None:
    shared, a, b = SharedSubscriptions(), Source(), Source()
    first, second = shared.join("a", a.start), shared.join("b", b.start)
    reading = [asyncio.create_task(_take(s, 1)) for s in (first, second)]
    await _settle()
    a.emit(1)
    b.emit(2)
    assert [await task for task in reading] == [[{"n": 1}], [{"n": 2}]]


async def test_the_end_and_a_refusal_reach_every_subscriber() -> None:
    shared, source = SharedSubscriptions(), Source()
    subscribers = [shared.join("k", source.start) for _ in range(3)]

    async def drain(events: AsyncIterator[ExecutionResult | Refusal]) -> list[object]:
        return [
            item.data if isinstance(item, ExecutionResult) else item.code async for item in events
        ]

    reading = [asyncio.create_task(drain(s)) for s in subscribers]
    await _settle()
    source.emit(0)
    source.items.put_nowait(refusal("the subgraph went away", "SUBSCRIPTION_FAILED"))
    async with asyncio.timeout(5):
        results = [await task for task in reading]
    assert results == [[{"n": 0}, "SUBSCRIPTION_FAILED"]] * 3
    await _settle()
    assert source.closed == 1
    assert len(shared) == 0


async def test_a_subscriber_that_falls_behind_is_ended_and_the_others_go_on() -> None:
    shared, source = SharedSubscriptions(), Source()
    stuck = shared.join("k", source.start)
    reader = shared.join("k", source.start)
    first = asyncio.create_task(_take(stuck, 1))  # reads one event, then nobody reads it
    await _settle()
    total = 1100
    reading = asyncio.create_task(_take(reader, total))
    await _settle()
    for n in range(total):
        source.emit(n)
        if n % 50 == 0:
            await _settle()
    assert len(await reading) == total
    assert await first == [{"n": 0}]
    leftovers = []
    async with asyncio.timeout(5):
        async for item in stuck:
            leftovers.append(item)
    assert isinstance(leftovers[-1], Refusal)
    assert leftovers[-1].code == "SUBSCRIPTION_FAILED"
    assert len(leftovers) <= 1025


async def test_cancelling_a_reader_leaves_no_task_behind() -> None:
    shared, source = SharedSubscriptions(), Source()
    events = shared.join("k", source.start)
    reading = asyncio.create_task(_take(events, 5))
    await _settle()
    reading.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await reading
    await events.aclose()  # type: ignore[attr-defined]
    await _settle()
    assert source.closed == 1
    assert len(shared) == 0
