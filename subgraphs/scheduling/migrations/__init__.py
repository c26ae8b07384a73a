"""Alembic migrations of the scheduling database, run programmatically at startup."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["alembic_config", "upgrade"]

# Any constant works; it only has to be the same for every process migrating this database.
_LOCK_KEY = 0x5C4ED01E


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's config pointing at this package, sharing `connection` when given."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


async def upgrade(engine: AsyncEngine) -> None:
    """Migrates to head; an advisory lock serialises processes that start at the same time."""
    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        await conn.run_sync(_upgrade)
