"""Alembic environment of the registry: uses the caller's connection, else connects with
asyncpg itself (to `sqlalchemy.url`, or `REGISTRY_DATABASE_URL` for the Alembic command line)."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get(
        "REGISTRY_DATABASE_URL", ""
    )
    if not url:
        raise RuntimeError("set sqlalchemy.url or REGISTRY_DATABASE_URL to run the migrations")
    return url


async def _run_async() -> None:
    engine = create_async_engine(_url())
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engine.dispose()


def _main() -> None:
    if context.is_offline_mode():
        context.configure(
            url=os.environ.get("REGISTRY_DATABASE_URL", "postgresql+asyncpg://"),
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    shared = context.config.attributes.get("connection")
    if shared is not None:
        _run(shared)
    else:
        asyncio.run(_run_async())


_main()
