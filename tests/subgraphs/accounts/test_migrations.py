"""Alembic migrations run from code: to head, idempotent, safe when started concurrently."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import text

from subgraphs.accounts.migrations import alembic_config, migrate
from subgraphs.accounts.settings import Settings
from subgraphs.accounts.store import AccountsStore


def test_alembic_config_needs_no_ini_file_or_working_directory() -> None:
    config = alembic_config("postgresql+asyncpg://u@h/db")
    assert config.config_file_name is None
    location = config.get_main_option("script_location")
    assert location is not None
    assert location.endswith("subgraphs/accounts/migrations")
    assert config.get_main_option("sqlalchemy.url") == "postgresql+asyncpg://u@h/db"


async def test_migrate_reaches_head_with_indexes(store: AccountsStore) -> None:
    async with store.engine.connect() as conn:
        version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        indexes = {
            row.indexname: row.indexdef
            for row in await conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'users'")
            )
        }
    assert version == "0002"
    assert "UNIQUE" in indexes["ux_users_email_lower"]
    assert "lower" in indexes["ux_users_email_lower"]
    assert "(created_at, id)" in indexes["ix_users_created_at_id"]


async def test_migrate_again_and_concurrently_changes_nothing(
    store: AccountsStore, settings: Settings
) -> None:
    count = await store.count()
    await asyncio.gather(migrate(settings.database_url), migrate(settings.database_url))
    await store.migrate()
    assert await store.count() == count
    async with store.engine.connect() as conn:
        versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    assert [v[0] for v in versions] == ["0002"]


async def test_alembic_commands_work_without_a_passed_connection(
    store: AccountsStore, settings: Settings
) -> None:
    # The path the `alembic` command line takes: env.py opens its own async engine.
    config = alembic_config(settings.database_url)
    await asyncio.to_thread(command.upgrade, config, "head")
    async with store.engine.connect() as conn:
        assert await conn.scalar(text("SELECT version_num FROM alembic_version")) == "0002"
