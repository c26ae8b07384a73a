"""The Alembic runner every PostgreSQL subgraph migrates with: config in code, one lock.

A subgraph's `migrations` package holds Alembic's `env.py` and `versions/` and makes one
`AlembicMigrations(directory=..., lock_key=...)`; its `migrate(engine_or_url)` brings the
database to `head`. The transaction-scoped advisory lock makes processes that start together
(seed and serve, two replicas) wait for each other instead of racing to create the same table.
`env.py` runs on the connection handed over in `config.attributes["connection"]`, else on its
own engine for `sqlalchemy.url` (the Alembic command line).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = ["AlembicMigrations", "run_environment"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlembicMigrations:
    """The migrations in `directory` (env.py, versions/), serialised by `lock_key`.

    `lock_key` is any constant, the same for every process migrating one database and
    different between subgraphs that might share a server.
    """

    directory: Path
    lock_key: int

    def config(self, url: str | None = None, *, connection: Connection | None = None) -> Config:
        """Alembic's configuration built in code, so nothing depends on the working directory."""
        config = Config()
        config.set_main_option("script_location", str(self.directory))
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", str(self.directory / "versions"))
        if url is not None:
            config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        if connection is not None:
            config.attributes["connection"] = connection
        return config

    def upgrade_connection(self, connection: Connection) -> None:
        """Upgrade to head inside the caller's transaction, under the advisory lock."""
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": self.lock_key})
        command.upgrade(self.config(connection=connection), "head")

    async def migrate(self, engine: AsyncEngine | str) -> None:
        """Bring the database to the latest revision; a no-op when it is already there."""
        owned = isinstance(engine, str)
        target = create_async_engine(engine) if isinstance(engine, str) else engine
        try:
            async with target.begin() as connection:
                await connection.run_sync(self.upgrade_connection)
        finally:
            if owned:
                await target.dispose()


def run_environment(url_variable: str) -> None:
    """The body of a migrations package's `env.py`: run on the connection the runner hands over,
    else on an own asyncpg engine for `sqlalchemy.url` or the `url_variable` environment
    variable (the Alembic command line); offline mode prints the SQL."""

    def run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()

    if context.is_offline_mode():
        context.configure(
            url=os.environ.get(url_variable, "postgresql+asyncpg://"), literal_binds=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    handed = context.config.attributes.get("connection")
    if handed is not None:
        run(handed)
        return
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get(url_variable, "")
    if not url:
        raise RuntimeError(f"set sqlalchemy.url or {url_variable} to run the migrations")

    async def own_engine() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(run)
        finally:
            await engine.dispose()

    asyncio.run(own_engine())
