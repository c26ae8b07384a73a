"""What the traffic controls report, for metrics and logs (`gateway.telemetry` implements it)."""

from __future__ import annotations

from typing import Literal, Protocol

__all__ = ["BreakerState", "NullTrafficObserver", "TrafficObserver"]

BreakerState = Literal["closed", "half_open", "open"]


class TrafficObserver(Protocol):
    def rate_limited(self, limit: str) -> None:
        """A request (or a subgraph fetch: `subgraph:<name>`) was refused by `limit`."""
        ...

    def breaker_changed(self, subgraph: str, old: BreakerState, new: BreakerState) -> None: ...

    def retried(self, subgraph: str) -> None:
        """A fetch to `subgraph` is tried again after its connection failed."""
        ...

    def store_failed(self) -> None:
        """A call to the shared rate-limit store (Redis) failed."""
        ...


class NullTrafficObserver:
    def rate_limited(self, limit: str) -> None:
        return None

    def breaker_changed(self, subgraph: str, old: BreakerState, new: BreakerState) -> None:
        return None

    def retried(self, subgraph: str) -> None:
        return None

    def store_failed(self) -> None:
        return None
