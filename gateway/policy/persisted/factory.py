"""The persisted-query stage a `PersistedQueriesConfig` describes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol

from gateway.config.model import PersistedQueriesConfig
from gateway.policy.persisted.apq import AutomaticPersistedQueries
from gateway.policy.persisted.manifest import load_manifest
from gateway.policy.persisted.memory import MemoryStore
from gateway.policy.persisted.safelist import SafelistedQueries
from gateway.policy.persisted.store import QueryStore, TieredStore
from gateway.request.model import GraphQLRequest
from gateway.request.outcome import Refusal

__all__ = ["PersistedQueryStage", "persisted_queries"]


class PersistedQueryStage(Protocol):
    """`gateway.pipeline.stages.PersistedQueries` that holds resources to release at shutdown."""

    async def resolve(self, request: GraphQLRequest) -> str | Refusal: ...

    async def close(self) -> None: ...


def persisted_queries(
    config: PersistedQueriesConfig,
    *,
    env: Mapping[str, str] | None = None,
    max_text_bytes: int = 64 * 1024,
) -> PersistedQueryStage:
    """Safelist, APQ over memory or Redis, or APQ off; a `ValueError` says what is misconfigured
    (a missing or malformed manifest, an unset Redis URL variable).

    `max_text_bytes`: texts longer than this are run but not stored (pass
    `limits.max_document_bytes`: a longer document is refused anyway).
    """
    if config.safelist:
        if not config.safelist_file:
            raise ValueError("persisted_queries.safelist is on but safelist_file is not set")
        return SafelistedQueries(load_manifest(config.safelist_file))
    if not config.apq_enabled:
        return AutomaticPersistedQueries(None)
    ttl = config.ttl_seconds if config.ttl_seconds > 0 else None
    memory = MemoryStore(config.memory_entries, ttl_seconds=ttl)
    store: QueryStore
    match config.store:
        case "memory":
            store = memory
        case "redis":
            url = (os.environ if env is None else env).get(config.redis_url_env, "")
            if not url:
                raise ValueError(
                    "persisted_queries.store is redis but the environment variable "
                    f"{config.redis_url_env} (the Redis URL) is not set"
                )
            from gateway.policy.persisted.redis_store import RedisStore  # Redis users only

            redis = RedisStore(url, prefix=config.redis_key_prefix, ttl_seconds=ttl)
            store = TieredStore(memory, redis)
        case other:
            raise ValueError(f"persisted_queries.store must be memory or redis, not {other!r}")
    return AutomaticPersistedQueries(store, max_text_bytes=max_text_bytes)
