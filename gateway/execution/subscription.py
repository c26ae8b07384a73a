"""Runs a subscription plan: the owning subgraph's events, then the rest of the plan per event.

    split_subscription(plan) → SubscriptionPlan(root: the subscription Fetch, rest: QueryPlan)
    execute_subscription(...) yields a PlanResult per event, then a SubscriptionEnd

The planner plans a subscription like a query: a root `Fetch` (operation kind `subscription`)
to the subgraph that owns the root field, then entity fetches under `Flatten` nodes.  The root
fetch is opened once through a `SubgraphSubscriber` (the seam `gateway.transport` plugs the
WebSocket client into); every event's data seeds the response tree and the rest of the plan
runs over it with the ordinary executor, so a subscriber gets fields of every subgraph.

How the stream ends is a value (`SubscriptionEnd`): completed by the subgraph, or failed with
the errors to send the client (the subgraph's own `error` message, or why the connection
failed).  A consumer that stops iterating closes the upstream subscription.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from gateway.execution.errors import (
    INTERNAL_SERVER_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    fetch_failure,
    repath_root_error,
)
from gateway.execution.executor import PlanResult, execute_plan
from gateway.execution.fetcher import SubgraphFetcher, SubgraphFetchError, SubgraphRequest
from gateway.execution.options import ExecutionOptions
from gateway.execution.rewrites import apply_rewrites
from gateway.formatted_error import GraphQLFormattedError
from gateway.plan.nodes import FetchNode, QueryPlan, subscription_parts

__all__ = [
    "SubgraphSubscriber",
    "SubscriptionEnd",
    "SubscriptionPlan",
    "SubscriptionRefused",
    "execute_subscription",
    "split_subscription",
]

logger = logging.getLogger(__name__)

# Opens one subscription on a subgraph: yields each event's GraphQL response body
# (`{data, errors}`) until the subgraph completes; raises `SubgraphFetchError` when the
# connection fails and `SubscriptionRefused` when the subgraph answers `error`.  Closing the
# iterator (`aclose`) completes the subscription upstream.
SubgraphSubscriber: TypeAlias = Callable[[SubgraphRequest], AsyncIterator[Any]]


class SubscriptionRefused(SubgraphFetchError):
    """The subgraph answered the subscription with an `error` message: its GraphQL errors."""

    def __init__(self, errors: list[Any]) -> None:
        super().__init__("The subgraph refused the subscription.", code="SUBSCRIPTION_REFUSED")
        self.errors = errors


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionPlan:
    """A subscription's plan split in two: the root fetch opened once, the rest run per event."""

    root: FetchNode
    rest: QueryPlan


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionEnd:
    """The last item of a subscription's stream: `errors` empty when the subgraph completed."""

    errors: tuple[GraphQLFormattedError, ...] = ()


def split_subscription(plan: QueryPlan) -> SubscriptionPlan | None:
    """The root fetch and the rest; None when the plan does not start with one root fetch."""
    parts = subscription_parts(plan.node)
    if parts is None:
        return None
    root, rest = parts
    return SubscriptionPlan(root=root, rest=QueryPlan(node=rest))


async def execute_subscription(
    plan: SubscriptionPlan,
    *,
    variables: Mapping[str, Any],
    subscribe: SubgraphSubscriber,
    fetch: SubgraphFetcher,
    options: ExecutionOptions,
) -> AsyncIterator[PlanResult | SubscriptionEnd]:
    """A `PlanResult` per event (its data merged with the rest of the plan), then the end."""
    root = plan.root
    service = root.service_name
    request = SubgraphRequest(
        service_name=service,
        query=root.operation,
        operation_name=root.operation_name,
        variables={name: variables[name] for name in root.variable_usages if name in variables},
        operation_kind="subscription",
    )
    events = subscribe(request)
    try:
        async for body in events:
            yield await _event(plan, body, service, variables, fetch, options)
    except SubscriptionRefused as refused:
        yield SubscriptionEnd(
            errors=tuple(repath_root_error(error, service) for error in refused.errors)
        )
        return
    except SubgraphFetchError as error:
        path = root.response_keys[:1] or None
        yield SubscriptionEnd(errors=(fetch_failure(service, error.message, error.code, path),))
        return
    except Exception:
        logger.exception("the subscription to subgraph %r failed", service)
        message = f"The subscription to subgraph '{service}' failed."
        yield SubscriptionEnd(
            errors=(fetch_failure(service, message, INTERNAL_SERVER_ERROR, None),)
        )
        return
    finally:
        close = getattr(events, "aclose", None)
        if close is not None:
            await close()
    yield SubscriptionEnd()


async def _event(
    plan: SubscriptionPlan,
    body: Any,
    service: str,
    variables: Mapping[str, Any],
    fetch: SubgraphFetcher,
    options: ExecutionOptions,
) -> PlanResult:
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict | None):
        message = f"Subgraph '{service}' sent a malformed subscription event."
        failure = fetch_failure(service, message, SUBREQUEST_MALFORMED_RESPONSE, None)
        return PlanResult(data={}, errors=[failure])
    errors = [repath_root_error(error, service) for error in body.get("errors") or ()]
    data = body.get("data")
    if not isinstance(data, dict):
        return PlanResult(data={}, errors=errors)
    if plan.root.output_rewrites:
        apply_rewrites(data, plan.root.output_rewrites)
    result = await execute_plan(
        plan.rest, variables=variables, fetch=fetch, options=options, data=data
    )
    return PlanResult(data=result.data, errors=[*errors, *result.errors])
