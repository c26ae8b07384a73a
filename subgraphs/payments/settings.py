"""The payments subgraph's configuration, read from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.subgraph.timeouts import StoreTimeouts
from subgraphs.payments.money import DEFAULT_COMMISSION, CommissionRate

__all__ = ["Settings"]

_DEFAULT_POOL_SIZE = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """`PAYMENTS_DATABASE_URL` (postgresql+asyncpg://…), `PAYMENTS_DB_POOL_SIZE`, the store
    timeouts `PAYMENTS_DB_CONNECT_TIMEOUT_SECONDS` and `…_QUERY_TIMEOUT_SECONDS`, and
    `PAYMENTS_COMMISSION_PERCENT` (the platform's share of every price; 20 by default)."""

    database_url: str
    pool_size: int = _DEFAULT_POOL_SIZE
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)
    commission: CommissionRate = DEFAULT_COMMISSION

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("PAYMENTS_DATABASE_URL", "")
        if not url.startswith("postgresql+asyncpg://"):
            raise RuntimeError("PAYMENTS_DATABASE_URL must be set to a postgresql+asyncpg:// URL")
        raw_pool = os.environ.get("PAYMENTS_DB_POOL_SIZE", str(_DEFAULT_POOL_SIZE))
        if not raw_pool.isdigit() or int(raw_pool) < 1:
            raise RuntimeError("PAYMENTS_DB_POOL_SIZE must be a positive integer")
        commission = os.environ.get("PAYMENTS_COMMISSION_PERCENT", "").strip()
        try:
            rate = CommissionRate.parse(commission) if commission else DEFAULT_COMMISSION
        except ValueError as error:
            raise RuntimeError(f"PAYMENTS_COMMISSION_PERCENT: {error}") from None
        return cls(
            database_url=url,
            pool_size=int(raw_pool),
            timeouts=StoreTimeouts.from_env("PAYMENTS_DB", os.environ),
            commission=rate,
        )
