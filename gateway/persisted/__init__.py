"""Persisted queries: Apollo's automatic persisted queries (memory or Redis) and the safelist."""

from gateway.persisted.apq import AutomaticPersistedQueries
from gateway.persisted.factory import PersistedQueryStage, persisted_queries
from gateway.persisted.manifest import (
    Manifest,
    RegisteredOperation,
    load_manifest,
    parse_manifest,
)
from gateway.persisted.memory import MemoryStore
from gateway.persisted.redis_store import RedisStore
from gateway.persisted.safelist import SafelistedQueries
from gateway.persisted.store import QueryStore, TieredStore

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
