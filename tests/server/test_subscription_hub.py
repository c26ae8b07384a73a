"""`SubscriptionHub.deliver` under cancellation and failure, with event streams and sends made
to order: what is counted, what reaches the client, and that the upstream close always runs to
its end."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from gateway.config import SubscriptionsConfig
from gateway.request import ExecutionResult, Refusal, SubscriptionResult
from gateway.server.http.subscriptions import SubscriptionHub, TooSlow

WAIT = 10.0


class Counts:
    """A `SubscriptionObserver` that remembers."""

    def __init__(self) -> None:
        self.opened = 0
        self.events = 0
        self.closed: Counter[str] = Counter()

    def subscription_opened(self, protocol: str) -> None:
        self.opened += 1

    def subscription_closed(self, protocol: str, reason: str) -> None:
        self.closed[reason] += 1

    def subscription_event(self, protocol: str) -> None:
        self.events += 1


def _event(index: int) -> ExecutionResult:
    return ExecutionResult(data={"index": index})


async def _endless() -> AsyncIterator[ExecutionResult | Refusal]:
    index = 0
    while True:
        yield _event(index)
        index += 1
        await asyncio.sleep(0)


async def test_an_event_is_counted_once_sent_not_when_its_send_is_cut_short() -> None:
    counts = Counts()
    hub = SubscriptionHub(SubscriptionsConfig(queue_size=2), counts)
    sent: list[ExecutionResult | Refusal] = []

    async def send(item: ExecutionResult | Refusal) -> None:
        if sent:
            await asyncio.Event().wait()  # the client's socket is full from the second on
        sent.append(item)

    async with asyncio.timeout(WAIT):
        with pytest.raises(TooSlow):
            await hub.deliver("test", SubscriptionResult(events=_endless()), send)
    assert len(sent) == 1
    assert counts.events == 1
    assert counts.closed == {"too_slow": 1}
    assert hub.open == 0


async def test_a_failing_event_stream_ends_with_an_error_for_the_client() -> None:
    counts = Counts()
    hub = SubscriptionHub(SubscriptionsConfig(), counts)
    sent: list[ExecutionResult | Refusal] = []

    async def failing() -> AsyncIterator[ExecutionResult | Refusal]:
        yield _event(0)
        raise RuntimeError("shaping failed")

    async def send(item: ExecutionResult | Refusal) -> None:
        sent.append(item)

    async with asyncio.timeout(WAIT):
        ended = await hub.deliver("test", SubscriptionResult(events=failing()), send)
    assert ended == "error"
    assert sent[0] == _event(0)
    assert isinstance(sent[1], Refusal)
    assert sent[1].errors[0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert counts.closed == {"error": 1}
    assert hub.open == 0


async def test_a_second_cancellation_does_not_cut_the_upstream_close_short() -> None:
    hub = SubscriptionHub(SubscriptionsConfig())
    sent, closing, release, closed = (asyncio.Event() for _ in range(4))

    async def upstream() -> AsyncIterator[ExecutionResult | Refusal]:
        try:
            yield _event(0)
            await asyncio.Event().wait()  # no more events for now
        finally:
            closing.set()
            await release.wait()  # the subgraph takes its time to answer the close
            closed.set()

    async def send(_item: ExecutionResult | Refusal) -> None:
        sent.set()

    async with asyncio.timeout(WAIT):
        delivering = asyncio.create_task(
            hub.deliver("test", SubscriptionResult(events=upstream()), send)
        )
        await sent.wait()
        delivering.cancel()  # the client left
        await closing.wait()
        delivering.cancel()  # and the connection ends, cancelling what is left again
        await asyncio.wait((delivering,))
        release.set()
        await closed.wait()
    assert hub.open == 0


async def test_unsubscribe_frees_the_place_before_the_upstream_close_ends() -> None:
    counts = Counts()
    hub = SubscriptionHub(SubscriptionsConfig(max_total=1), counts)
    sent, release = asyncio.Event(), asyncio.Event()

    async def upstream() -> AsyncIterator[ExecutionResult | Refusal]:
        try:
            yield _event(0)
            await asyncio.Event().wait()
        finally:
            await release.wait()

    async def send(_item: ExecutionResult | Refusal) -> None:
        sent.set()

    async with asyncio.timeout(WAIT):
        delivering = asyncio.create_task(
            hub.deliver("test", SubscriptionResult(events=upstream()), send)
        )
        await sent.wait()
        assert not hub.admit()
        hub.unsubscribe(delivering)
        assert hub.admit()  # at once: a subscribe read right after fits
        assert hub.open == 0
        release.set()
        await asyncio.wait((delivering,))
    assert delivering.cancelled()
    assert counts.closed == {"client": 1}  # counted once, when unsubscribed
