"""A prepared subscription's events: each run through the rest of its plan and shaped.

The subscription is opened on the owning subgraph with the same headers an HTTP fetch of this
request would carry (the `HeaderPlan` stamps a request that is never sent over HTTP), so the
subgraph sees the gateway's secret and the verified claims exactly as it does for queries.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
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

__all__ = ["SUBSCRIPTION_FAILED", "subscription_events"]

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
