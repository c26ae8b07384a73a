"""Traffic shaping: rate limits (clients, root fields, subgraphs), circuit breakers, retries.

gcra / store / redis_store     the rate-limit algorithm and where its state lives
root_fields / inbound          limits on client requests (the server checks them)
window / breaker / budget      sliding counts, a subgraph's breaker, its retry budget
subgraphs                      the guard around each subgraph fetch (the transport calls it)
errors / observer              what they raise, and what they report to metrics and logs
"""

from gateway.traffic.breaker import Admission, CircuitBreaker
from gateway.traffic.budget import RetryBudget
from gateway.traffic.errors import RATE_LIMITED, SUBGRAPH_UNAVAILABLE, ConnectionFailed
from gateway.traffic.gcra import MemoryStore, Rate
from gateway.traffic.inbound import Client, InboundLimits, RateLimited
from gateway.traffic.observer import BreakerState, NullTrafficObserver, TrafficObserver
from gateway.traffic.root_fields import RootFieldCounter
from gateway.traffic.store import LimitStore, LocalStore, limit_store
from gateway.traffic.subgraphs import SubgraphGuard
from gateway.traffic.window import SlidingCounts

__all__ = [
    "RATE_LIMITED",
    "SUBGRAPH_UNAVAILABLE",
    "Admission",
    "BreakerState",
    "CircuitBreaker",
    "Client",
    "ConnectionFailed",
    "InboundLimits",
    "LimitStore",
    "LocalStore",
    "MemoryStore",
    "NullTrafficObserver",
    "Rate",
    "RateLimited",
    "RetryBudget",
    "RootFieldCounter",
    "SlidingCounts",
    "SubgraphGuard",
    "TrafficObserver",
    "limit_store",
]
