"""A PostgreSQL database of its own for a test, on the session's server, dropped afterwards."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator

import asyncpg

from shared.stores import StoreUrls

__all__ = ["fresh_database"]


async def _admin(stores: StoreUrls, statement: str) -> None:
    admin = await asyncpg.connect(
        host="127.0.0.1", port=stores.postgres_port, user="postgres", database="postgres"
    )
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def fresh_database(stores: StoreUrls, prefix: str) -> AsyncIterator[str]:
    """The SQLAlchemy URL of a new, empty database named `<prefix>_<random>`."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    await _admin(stores, f'CREATE DATABASE "{name}"')
    try:
        yield stores.postgres_url(name)
    finally:
        await _admin(stores, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
