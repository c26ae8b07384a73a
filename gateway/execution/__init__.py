"""Execution of query plans against subgraphs through a pluggable fetcher."""

from gateway.execution.errors import (
    DOWNSTREAM_SERVICE_ERROR,
    GATEWAY_TIMEOUT,
    INTERNAL_SERVER_ERROR,
    SUBREQUEST_HTTP_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    SUBREQUEST_OPERATION_REJECTED,
)
from gateway.execution.executor import PlanResult, execute_plan
from gateway.execution.fetcher import SubgraphFetcher, SubgraphFetchError, SubgraphRequest
from gateway.execution.incremental import DeferredResult, execute_incremental, top_defer
from gateway.execution.options import DEFAULT_SUBGRAPH_TIMEOUT, ExecutionOptions
from gateway.execution.provenance import fetch_at, service_at
from gateway.execution.subscription import (
    SubgraphSubscriber,
    SubscriptionEnd,
    SubscriptionPlan,
    SubscriptionRefused,
    execute_subscription,
    split_subscription,
)

__all__ = [
    "DEFAULT_SUBGRAPH_TIMEOUT",
    "DOWNSTREAM_SERVICE_ERROR",
    "GATEWAY_TIMEOUT",
    "INTERNAL_SERVER_ERROR",
    "SUBREQUEST_HTTP_ERROR",
    "SUBREQUEST_MALFORMED_RESPONSE",
    "SUBREQUEST_OPERATION_REJECTED",
    "DeferredResult",
    "ExecutionOptions",
    "PlanResult",
    "SubgraphFetchError",
    "SubgraphFetcher",
    "SubgraphRequest",
    "SubgraphSubscriber",
    "SubscriptionEnd",
    "SubscriptionPlan",
    "SubscriptionRefused",
    "execute_incremental",
    "execute_plan",
    "execute_subscription",
    "fetch_at",
    "service_at",
    "split_subscription",
    "top_defer",
]
