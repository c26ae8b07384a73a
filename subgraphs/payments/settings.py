"""The payments subgraph's configuration, read from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.subgraph.timeouts import StoreTimeouts
from subgraphs.payments.money import DEFAULT_COMMISSION, CommissionRate
from subgraphs.payments.provider import ProviderSettings

__all__ = ["DEFAULT_LEARNING_URL", "DEFAULT_SCHEDULING_URL", "Settings"]

_DEFAULT_POOL_SIZE = 10
# Where receipts go: the owners of what is paid for.
DEFAULT_SCHEDULING_URL = "http://127.0.0.1:4004/graphql"
DEFAULT_LEARNING_URL = "http://127.0.0.1:4006/graphql"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """`PAYMENTS_DATABASE_URL` (postgresql+asyncpg://…), `PAYMENTS_DB_POOL_SIZE`, the store
    timeouts `PAYMENTS_DB_CONNECT_TIMEOUT_SECONDS` and `…_QUERY_TIMEOUT_SECONDS`, and
    `PAYMENTS_COMMISSION_PERCENT` (the platform's share of every price; 20 by default); the
    provider: `PAYMENTS_STRIPE_API_KEY`, `PAYMENTS_STRIPE_WEBHOOK_SECRET` (both required to
    serve) and `PAYMENTS_STRIPE_API_BASE` (unset: Stripe itself; locally the stand-in); where
    receipts go: `PAYMENTS_SCHEDULING_URL`, `PAYMENTS_LEARNING_URL`, within
    `PAYMENTS_PEER_TIMEOUT_SECONDS`, sent again every `PAYMENTS_RECEIPT_RETRY_SECONDS`."""

    database_url: str
    pool_size: int = _DEFAULT_POOL_SIZE
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)
    commission: CommissionRate = DEFAULT_COMMISSION
    provider: ProviderSettings | None = None  # None: the store alone (migrate, seed, tests)
    scheduling_url: str = DEFAULT_SCHEDULING_URL
    learning_url: str = DEFAULT_LEARNING_URL
    peer_timeout: float = 5.0
    receipt_retry_seconds: float = 30.0

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
            provider=_provider(),
            scheduling_url=os.environ.get("PAYMENTS_SCHEDULING_URL") or DEFAULT_SCHEDULING_URL,
            learning_url=os.environ.get("PAYMENTS_LEARNING_URL") or DEFAULT_LEARNING_URL,
            peer_timeout=_seconds("PAYMENTS_PEER_TIMEOUT_SECONDS", 5.0),
            receipt_retry_seconds=_seconds("PAYMENTS_RECEIPT_RETRY_SECONDS", 30.0),
        )


def _provider() -> ProviderSettings | None:
    key = os.environ.get("PAYMENTS_STRIPE_API_KEY", "").strip()
    hook = os.environ.get("PAYMENTS_STRIPE_WEBHOOK_SECRET", "").strip()
    if not key and not hook:
        return None
    if not key or not hook:
        raise RuntimeError(
            "PAYMENTS_STRIPE_API_KEY and PAYMENTS_STRIPE_WEBHOOK_SECRET are set together"
        )
    return ProviderSettings(
        api_key=key,
        webhook_secret=hook,
        api_base=os.environ.get("PAYMENTS_STRIPE_API_BASE", "").strip() or None,
    )


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value != value or value == float("inf"):
        raise RuntimeError(f"{name} must be a positive number of seconds")
    return value
