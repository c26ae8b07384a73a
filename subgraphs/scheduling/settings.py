"""The scheduling subgraph's configuration, read from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.subgraph.timeouts import StoreTimeouts

__all__ = ["Settings"]

_DEFAULT_POOL_SIZE = 10
_DEFAULT_QUEUE_SIZE = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """`SCHEDULING_DATABASE_URL` (postgresql+asyncpg://…), `SCHEDULING_DB_POOL_SIZE`, the
    store timeouts `SCHEDULING_DB_CONNECT_TIMEOUT_SECONDS` and `…_QUERY_TIMEOUT_SECONDS`, and
    `SCHEDULING_SUBSCRIPTION_QUEUE_SIZE` (unread events a subscriber may have)."""

    database_url: str
    pool_size: int = _DEFAULT_POOL_SIZE
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)
    subscription_queue_size: int = _DEFAULT_QUEUE_SIZE

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("SCHEDULING_DATABASE_URL", "")
        if not url.startswith("postgresql+asyncpg://"):
            raise RuntimeError("SCHEDULING_DATABASE_URL must be set to a postgresql+asyncpg:// URL")
        return cls(
            database_url=url,
            pool_size=_positive("SCHEDULING_DB_POOL_SIZE", _DEFAULT_POOL_SIZE),
            timeouts=StoreTimeouts.from_env("SCHEDULING_DB", os.environ),
            subscription_queue_size=_positive(
                "SCHEDULING_SUBSCRIPTION_QUEUE_SIZE", _DEFAULT_QUEUE_SIZE
            ),
        )


def _positive(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise RuntimeError(f"{name} must be a positive integer")
    return int(raw)
