"""Traffic shaping: rate limits (clients, root fields, subgraphs), circuit breakers, retries.

gcra / store / redis_store   the rate-limit algorithm and where its state lives
root_fields / inbound        limits on client requests, checked by the server
observer                     what these report to metrics and logs
"""

from gateway.traffic.gcra import MemoryStore, Rate
from gateway.traffic.inbound import Client, InboundLimits, RateLimited
from gateway.traffic.observer import BreakerState, NullTrafficObserver, TrafficObserver
from gateway.traffic.root_fields import RootFieldCounter
from gateway.traffic.store import LimitStore, LocalStore, limit_store

__all__ = [
    "BreakerState",
    "Client",
    "InboundLimits",
    "LimitStore",
    "LocalStore",
    "MemoryStore",
    "NullTrafficObserver",
    "Rate",
    "RateLimited",
    "RootFieldCounter",
    "TrafficObserver",
    "limit_store",
]
