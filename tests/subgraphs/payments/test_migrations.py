"""Payments migrations on a fresh database: concurrent starts, reversibility, and tables that
mirror exactly what the migrations create."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
from alembic import command
from sqlalchemy import Connection

from shared.stores import StoreUrls
from subgraphs.payments.migrations import alembic_config
from subgraphs.payments.settings import Settings
from subgraphs.payments.store import Store
from subgraphs.payments.tables import ENTRIES, EVENTS, PAYMENTS, TRANSACTIONS
from tests.support.databases import fresh_database

pytestmark = pytest.mark.stores

INDEX_QUERY = "SELECT count(*) FROM pg_indexes WHERE indexname = 'payments_one_live_per_reference'"


@pytest.fixture
async def fresh_url(stores: StoreUrls) -> AsyncIterator[str]:
    """A payments-shaped database of its own, dropped afterwards."""
    async with fresh_database(stores, "payments_t") as url:
        yield url


async def _fetch(url: str, query: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return list(await conn.fetch(query))
    finally:
        await conn.close()


async def test_concurrent_migrations_apply_once(fresh_url: str) -> None:
    stores = [Store.connect(Settings(database_url=fresh_url, pool_size=1)) for _ in range(4)]
    try:
        await asyncio.gather(*(s.migrate() for s in stores))
        await stores[0].migrate()  # and again: a no-op
    finally:
        for s in stores:
            await s.close()
    (version,) = await _fetch(fresh_url, "SELECT version_num FROM alembic_version")
    assert version[0] == "0001"
    (count,) = await _fetch(fresh_url, INDEX_QUERY)
    assert count[0] == 1


async def test_migrations_downgrade_and_upgrade_again(fresh_url: str) -> None:
    store = Store.connect(Settings(database_url=fresh_url, pool_size=1))
    try:
        await store.migrate()

        def downgrade(conn: Connection) -> None:
            command.downgrade(alembic_config(connection=conn), "base")

        async with store._engine.begin() as conn:
            await conn.run_sync(downgrade)
        (gone,) = await _fetch(fresh_url, "SELECT to_regclass('payments')::text")
        assert gone[0] is None
        await store.migrate()
    finally:
        await store.close()
    (count,) = await _fetch(fresh_url, INDEX_QUERY)
    assert count[0] == 1


async def test_the_table_mirrors_match_the_migrated_columns(fresh_url: str) -> None:
    store = Store.connect(Settings(database_url=fresh_url, pool_size=1))
    try:
        await store.migrate()
    finally:
        await store.close()
    rows = await _fetch(
        fresh_url,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name <> 'alembic_version'",
    )
    migrated: dict[str, set[str]] = {}
    for table, column in rows:
        migrated.setdefault(table, set()).add(column)
    mirrored = {
        t.name: {c.name for c in t.columns} for t in (PAYMENTS, TRANSACTIONS, ENTRIES, EVENTS)
    }
    assert migrated == mirrored
