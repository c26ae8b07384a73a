"""Fetch errors the traffic controls raise or read; the executor turns them into located errors.

ConnectionFailed       (from the transport) the connection failed before any of the answer
                       arrived: a query may safely be sent again
SUBGRAPH_UNAVAILABLE   the subgraph's circuit breaker is open: the fetch was not sent
RATE_LIMITED           the subgraph's rate limit is reached: the fetch was not sent
"""

from __future__ import annotations

from gateway.execution import SubgraphFetchError

__all__ = ["RATE_LIMITED", "SUBGRAPH_UNAVAILABLE", "ConnectionFailed"]

SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"
RATE_LIMITED = "RATE_LIMITED"


class ConnectionFailed(SubgraphFetchError):
    """No byte of the subgraph's answer arrived: refused, reset, or a stale kept-alive socket."""
