"""Persisted queries: Apollo's automatic persisted queries (memory or Redis) and the safelist."""

from gateway.policy.persisted.apq import AutomaticPersistedQueries
from gateway.policy.persisted.factory import PersistedQueryStage, persisted_queries
from gateway.policy.persisted.manifest import (
    Manifest,
    RegisteredOperation,
    load_manifest,
    parse_manifest,
)
from gateway.policy.persisted.memory import MemoryStore
from gateway.policy.persisted.redis_store import RedisStore
from gateway.policy.persisted.safelist import SafelistedQueries
from gateway.policy.persisted.store import QueryStore, TieredStore

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
