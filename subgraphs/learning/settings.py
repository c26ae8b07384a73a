"""The learning subgraph's configuration, read from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.subgraph.timeouts import StoreTimeouts

__all__ = ["Settings"]

_DEFAULT_POOL_SIZE = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """`LEARNING_DATABASE_URL` (postgresql+asyncpg://…), `LEARNING_DB_POOL_SIZE`, and the store
    timeouts `LEARNING_DB_CONNECT_TIMEOUT_SECONDS` and `…_QUERY_TIMEOUT_SECONDS`."""

    database_url: str
    pool_size: int = _DEFAULT_POOL_SIZE
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("LEARNING_DATABASE_URL", "")
        if not url.startswith("postgresql+asyncpg://"):
            raise RuntimeError("LEARNING_DATABASE_URL must be set to a postgresql+asyncpg:// URL")
        raw_pool = os.environ.get("LEARNING_DB_POOL_SIZE", str(_DEFAULT_POOL_SIZE))
        if not raw_pool.isdigit() or int(raw_pool) < 1:
            raise RuntimeError("LEARNING_DB_POOL_SIZE must be a positive integer")
        return cls(
            database_url=url,
            pool_size=int(raw_pool),
            timeouts=StoreTimeouts.from_env("LEARNING_DB", os.environ),
        )
