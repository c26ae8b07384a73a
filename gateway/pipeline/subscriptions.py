"""A prepared subscription's events: each run through the rest of its plan and shaped.

The subscription is opened on the owning subgraph with the same headers an HTTP fetch of this
request would carry (the `HeaderPlan` stamps a request that is never sent over HTTP), so the
subgraph sees the gateway's secret and the verified claims exactly as it does for queries.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Hashable, Mapping
from functools import partial
from typing import Any

from gateway.execution import (
    ExecutionOptions,
    SubgraphFetcher,
    SubgraphRequest,
    SubgraphSubscriber,
    SubscriptionEnd,
    SubscriptionPlan,
    execute_subscription,
    service_at,
)
from gateway.pipeline.prepared import PreparedOperation
from gateway.pipeline.stages import HeaderPlan
from gateway.request.context import RequestContext
from gateway.request.outcome import ExecutionResult, GraphQLFormattedError, Refusal
from gateway.shaping import shape_response

__all__ = ["SUBSCRIPTION_FAILED", "SharedSubscriptions", "subscription_events"]

SUBSCRIPTION_FAILED = "SUBSCRIPTION_FAILED"


async def subscription_events(
    prepared: PreparedOperation,
    split: SubscriptionPlan,
    *,
    variables: Mapping[str, Any],
    subscribe: SubgraphSubscriber,
    fetch: SubgraphFetcher,
    headers: HeaderPlan,
    context: RequestContext,
    options: ExecutionOptions,
    operation_name: str | None,
) -> AsyncIterator[ExecutionResult | Refusal]:
    """A shaped result per event; a final `Refusal` when the subgraph refused or failed."""
    stream = execute_subscription(
        split,
        variables=variables,
        subscribe=_stamped(subscribe, headers, context),
        fetch=headers.fetcher(fetch, context),
        options=options,
    )
    try:
        async for item in stream:
            if isinstance(item, SubscriptionEnd):
                if item.errors:
                    yield Refusal(code=SUBSCRIPTION_FAILED, errors=item.errors)
                return
            errors: list[GraphQLFormattedError] = list(prepared.authorization_errors)
            errors.extend(item.errors)
            source = partial(service_at, prepared.plan, variables=variables, data=item.data)
            data = shape_response(
                item.data, prepared.shape_for(variables), errors, service_at=source
            )
            yield ExecutionResult(
                data=data,
                errors=tuple(errors),
                operation_name=operation_name,
                executed=prepared.executed,
            )
    finally:
        await stream.aclose()  # type: ignore[attr-defined]


async def _echo(request: SubgraphRequest) -> SubgraphRequest:
    return request


def _stamped(
    subscribe: SubgraphSubscriber, headers: HeaderPlan, context: RequestContext
) -> SubgraphSubscriber:
    """`subscribe` opening each subscription with this request's subgraph headers."""
    stamp = headers.fetcher(_echo, context)

    async def opened(request: SubgraphRequest) -> AsyncIterator[Any]:
        stamped = await stamp(request)
        events = subscribe(stamped)
        try:
            async for body in events:
                yield body
        finally:
            close = getattr(events, "aclose", None)
            if close is not None:
                await close()

    return opened


_Item = ExecutionResult | Refusal
# A subscriber this far behind the shared stream is ended: its transport stopped draining it.
_BACKLOG = 1024


class SharedSubscriptions:
    """Identical subscriptions share one upstream subscription and one execution per event.

    Identical means what inbound deduplication compares (the prepared operation, variables,
    verified claims and every header that reaches a subgraph): their events are then the same
    results.  The first subscriber starts the stream; later ones receive the events from the
    moment they join; when the last one leaves, the upstream subscription is closed.  Each
    subscriber reads from a queue of its own, so a slow one never holds the others back.
    """

    def __init__(self) -> None:
        self._streams: dict[Hashable, _Broadcast] = {}

    def __len__(self) -> int:
        return len(self._streams)

    def join(
        self, key: Hashable, start: Callable[[], AsyncIterator[_Item]]
    ) -> AsyncIterator[_Item]:
        stream = self._streams.get(key)
        if stream is None:
            stream = self._streams[key] = _Broadcast(start(), lambda: self._forget(key, stream))
        return stream.subscriber()

    def _forget(self, key: Hashable, stream: _Broadcast | None) -> None:
        if self._streams.get(key) is stream:
            del self._streams[key]


_END = object()


class _Broadcast:
    """One source stream read by a task and copied to every subscriber's queue."""

    def __init__(self, source: AsyncIterator[_Item], forget: Callable[[], None]) -> None:
        self.source = source
        self.forget = forget
        self.queues: set[asyncio.Queue[Any]] = set()
        self.task: asyncio.Task[None] | None = None

    async def subscriber(self) -> AsyncIterator[_Item]:
        queue: asyncio.Queue[Any] = asyncio.Queue(_BACKLOG)
        self.queues.add(queue)
        if self.task is None:
            self.task = asyncio.create_task(self._pump())
        try:
            while (item := await queue.get()) is not _END:
                yield item
                if isinstance(item, Refusal):
                    return
        finally:
            self.queues.discard(queue)
            if not self.queues and self.task is not None and not self.task.done():
                self.forget()
                self.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.task

    async def _pump(self) -> None:
        source = self.source
        try:
            async for item in source:
                self._publish(item)
                if isinstance(item, Refusal):
                    self.forget()
                    return
            self.forget()
            self._publish(_END)
        finally:
            self.forget()
            close = getattr(source, "aclose", None)
            if close is not None:
                await close()

    def _publish(self, item: Any) -> None:
        for queue in list(self.queues):
            try:
                queue.put_nowait(item)
            except asyncio.QueueFull:
                self.queues.discard(queue)
                with contextlib.suppress(asyncio.QueueFull):
                    queue.get_nowait()
                    queue.put_nowait(_behind())


def _behind() -> Refusal:
    return Refusal(
        code=SUBSCRIPTION_FAILED,
        errors=(
            {
                "message": "The subscriber fell behind its subscription's events.",
                "extensions": {"code": SUBSCRIPTION_FAILED},
            },
        ),
    )
