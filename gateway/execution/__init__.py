"""Execution of query plans against subgraphs through a pluggable fetcher."""

from gateway.execution.errors import (
    GATEWAY_TIMEOUT,
    INTERNAL_SERVER_ERROR,
    SUBREQUEST_HTTP_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
)
from gateway.execution.executor import PlanResult, execute_plan
from gateway.execution.fetcher import SubgraphFetcher, SubgraphFetchError, SubgraphRequest
from gateway.execution.options import DEFAULT_SUBGRAPH_TIMEOUT, ExecutionOptions

__all__ = [
    "DEFAULT_SUBGRAPH_TIMEOUT",
    "GATEWAY_TIMEOUT",
    "INTERNAL_SERVER_ERROR",
    "SUBREQUEST_HTTP_ERROR",
    "SUBREQUEST_MALFORMED_RESPONSE",
    "ExecutionOptions",
    "PlanResult",
    "SubgraphFetchError",
    "SubgraphFetcher",
    "SubgraphRequest",
    "execute_plan",
]
