"""Persisted queries: Apollo's automatic persisted queries (memory or Redis) and the safelist.

`RedisStore` is imported on first use: the Redis client library costs a gateway without Redis
~10 MB of memory (it loads OpenTelemetry's metrics SDK for its own observability).
"""

from typing import TYPE_CHECKING, Any

from gateway.policy.persisted.apq import AutomaticPersistedQueries
from gateway.policy.persisted.factory import PersistedQueryStage, persisted_queries
from gateway.policy.persisted.manifest import (
    Manifest,
    RegisteredOperation,
    load_manifest,
    parse_manifest,
)
from gateway.policy.persisted.memory import MemoryStore
from gateway.policy.persisted.safelist import SafelistedQueries
from gateway.policy.persisted.store import QueryStore, TieredStore

if TYPE_CHECKING:
    from gateway.policy.persisted.redis_store import RedisStore

__all__ = [
    "AutomaticPersistedQueries",
    "Manifest",
    "MemoryStore",
    "PersistedQueryStage",
    "QueryStore",
    "RedisStore",
    "RegisteredOperation",
    "SafelistedQueries",
    "TieredStore",
    "load_manifest",
    "parse_manifest",
    "persisted_queries",
]


def __getattr__(name: str) -> Any:
    if name == "RedisStore":
        from gateway.policy.persisted.redis_store import RedisStore

        return RedisStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
