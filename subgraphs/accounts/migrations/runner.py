"""Runs the accounts migrations to `head` from code, on a connection the caller owns."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = ["alembic_config", "migrate", "upgrade_connection"]

_HERE = Path(__file__).resolve().parent
# Any fixed number works; it only has to be the same for every accounts process.
_MIGRATION_LOCK = 0x41CC_0017


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration built in code, so nothing depends on the working directory."""
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(_HERE / "versions"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_connection(connection: Connection) -> None:
    """Upgrade to head inside the caller's transaction, serialised across processes.

    The advisory lock makes concurrent starts (seed and serve, two replicas) wait for each
    other instead of racing to create the same table.
    """
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine | str) -> None:
    """Bring the database to the latest revision; a no-op when it is already there."""
    owned = isinstance(engine, str)
    target = create_async_engine(engine) if isinstance(engine, str) else engine
    try:
        async with target.begin() as connection:
            await connection.run_sync(upgrade_connection)
    finally:
        if owned:
            await target.dispose()
