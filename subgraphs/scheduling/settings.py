"""The scheduling subgraph's configuration, read from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta

from shared.subgraph.timeouts import StoreTimeouts

__all__ = ["DEFAULT_PAYMENTS_URL", "Settings"]

_DEFAULT_POOL_SIZE = 10
_DEFAULT_QUEUE_SIZE = 100
_DEFAULT_HOLD_MINUTES = 15
# Where cancellations of paid bookings are sent for refunds (the payments subgraph).
DEFAULT_PAYMENTS_URL = "http://127.0.0.1:4005/graphql"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """`SCHEDULING_DATABASE_URL` (postgresql+asyncpg://…), `SCHEDULING_DB_POOL_SIZE`, the
    store timeouts `SCHEDULING_DB_CONNECT_TIMEOUT_SECONDS` and `…_QUERY_TIMEOUT_SECONDS`, and
    `SCHEDULING_SUBSCRIPTION_QUEUE_SIZE` (unread events a subscriber may have),
    `SCHEDULING_PAYMENT_HOLD_MINUTES` (how long a booking waits for its payment before another
    booking may take its slot), `SCHEDULING_PAYMENTS_URL` (where cancellations of paid
    bookings go for their refund) and `SCHEDULING_NOTICE_RETRY_SECONDS` (how often unsent
    ones are sent again)."""

    database_url: str
    pool_size: int = _DEFAULT_POOL_SIZE
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)
    subscription_queue_size: int = _DEFAULT_QUEUE_SIZE
    payment_hold: timedelta = timedelta(minutes=_DEFAULT_HOLD_MINUTES)
    payments_url: str = DEFAULT_PAYMENTS_URL
    payments_timeout: float = 5.0
    notice_retry_seconds: float = 30.0

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
            payment_hold=timedelta(
                minutes=_positive("SCHEDULING_PAYMENT_HOLD_MINUTES", _DEFAULT_HOLD_MINUTES)
            ),
            payments_url=os.environ.get("SCHEDULING_PAYMENTS_URL") or DEFAULT_PAYMENTS_URL,
            notice_retry_seconds=float(_positive("SCHEDULING_NOTICE_RETRY_SECONDS", 30)),
        )


def _positive(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise RuntimeError(f"{name} must be a positive integer")
    return int(raw)
