"""How the executor behaves: per-subgraph timeouts (on by default)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["DEFAULT_SUBGRAPH_TIMEOUT", "ExecutionOptions"]

# Long enough for a slow subgraph, short enough that a hung one cannot pin a client forever.
DEFAULT_SUBGRAPH_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutionOptions:
    """`timeouts` overrides `default_timeout` (seconds) per subgraph name; None means no limit."""

    default_timeout: float | None = DEFAULT_SUBGRAPH_TIMEOUT
    timeouts: Mapping[str, float | None] = field(default_factory=lambda: MappingProxyType({}))

    def timeout_for(self, service_name: str) -> float | None:
        return self.timeouts.get(service_name, self.default_timeout)
