"""Where rate-limit state lives: `LimitStore` and the store a configuration asks for.

memory   this process (`gateway.traffic.gcra.MemoryStore`); each replica counts alone
redis    one Lua script per check against Redis (`gateway.traffic.redis_store`); replicas
         share the counts, and a Redis failure falls back as `on_store_failure` says
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from gateway.config import RateLimitsConfig
from gateway.traffic.gcra import MemoryStore, Rate
from gateway.traffic.observer import TrafficObserver

__all__ = ["LimitStore", "LocalStore", "limit_store"]


class LimitStore(Protocol):
    async def take(self, key: str, rate: Rate, cost: int = 1) -> float:
        """0.0 when `cost` requests fit now (they are counted), else seconds to wait."""
        ...

    async def close(self) -> None: ...


class LocalStore:
    """`MemoryStore` behind the async interface."""

    __slots__ = ("memory",)

    def __init__(self, memory: MemoryStore | None = None) -> None:
        self.memory = memory or MemoryStore()

    async def take(self, key: str, rate: Rate, cost: int = 1) -> float:
        return self.memory.take(key, rate, cost)

    async def close(self) -> None:
        return None


def limit_store(
    config: RateLimitsConfig, *, env: Mapping[str, str], observer: TrafficObserver
) -> LimitStore:
    """The configured store; a missing Redis URL is a `ValueError` naming its variable."""
    if config.store == "memory":
        return LocalStore()
    url = env.get(config.redis_url_env)
    if not url:
        raise ValueError(
            f"rate_limits.store is redis but {config.redis_url_env} "
            "(rate_limits.redis_url_env) is not set"
        )
    from gateway.traffic.redis_store import RedisStore  # only deployments with Redis load it

    return RedisStore(
        url,
        prefix=config.redis_key_prefix,
        timeout=config.redis_timeout_seconds,
        on_failure=config.on_store_failure,
        observer=observer,
    )
