"""The PostgreSQL engine every PostgreSQL subgraph builds, and what counts as its outage."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.subgraph.timeouts import StoreTimeouts

__all__ = ["is_postgres_outage", "postgres_engine"]


def postgres_engine(url: str, *, pool_size: int, timeouts: StoreTimeouts) -> AsyncEngine:
    """A pooled asyncpg engine (as many overflow connections as pooled ones) whose every wait
    is bounded by `timeouts`: connecting, each statement, and waiting for a pooled connection."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_timeout=timeouts.query,
        # asyncpg: `timeout` bounds connecting (TCP, startup, authentication);
        # `command_timeout` every statement, the pool's pre-ping included.
        connect_args={"timeout": timeouts.connect, "command_timeout": timeouts.query},
    )


def is_postgres_outage(error: BaseException) -> bool:
    """A connection that failed, timed out or died; not an error in a statement."""
    if isinstance(error, OSError | PoolTimeout):  # TimeoutError is an OSError
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated
