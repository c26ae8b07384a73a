"""The registry's migrations one by one, up and down, on a database of their own: what each adds
is there after its upgrade, rows from before it still read, and its downgrade removes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import create_async_engine

from registry.store.migrations import MIGRATIONS
from registry.store.repository import RegistryStore


async def _usage_columns(url: str) -> dict[str, str | None]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                sa.text(
                    "SELECT column_name, column_default FROM information_schema.columns "
                    "WHERE table_name = 'usage'"
                )
            )
            return {row.column_name: row.column_default for row in rows}
    finally:
        await engine.dispose()


async def _alembic(url: str, direction: str, revision: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(
                lambda sync: getattr(command, direction)(
                    MIGRATIONS.config(connection=sync), revision
                )
            )
    finally:
        await engine.dispose()


@pytest.mark.stores
async def test_the_latency_migration_adds_and_removes_its_columns(registry_database: str) -> None:
    await _alembic(registry_database, "upgrade", "0001")
    engine = create_async_engine(registry_database)
    try:
        async with engine.begin() as conn:
            graph = (
                await conn.execute(
                    sa.text(
                        "INSERT INTO graphs (name, created_at) VALUES ('g', now()) RETURNING id"
                    )
                )
            ).scalar_one()
            variant = (
                await conn.execute(
                    sa.text(
                        "INSERT INTO variants (graph_id, name, created_at) "
                        "VALUES (:graph, 'v', now()) RETURNING id"
                    ),
                    {"graph": graph},
                )
            ).scalar_one()
            await conn.execute(
                sa.text(
                    "INSERT INTO operations "
                    "VALUES (:variant, 'h', 'Q', '{ q }', '[]', now(), now())"
                ),
                {"variant": variant},
            )
            await conn.execute(
                sa.text("INSERT INTO usage VALUES (:variant, 'h', 'web', '1', now(), 3, 1)"),
                {"variant": variant},
            )
    finally:
        await engine.dispose()
    assert "latency_counts" not in await _usage_columns(registry_database)
    await _alembic(registry_database, "upgrade", "head")
    assert {"latency_counts", "latency_ms"} <= set(await _usage_columns(registry_database))
    store = RegistryStore.connect(registry_database)
    try:
        rows = await store.hourly_usage("g", "v", window=timedelta(hours=2))
    finally:
        await store.engine.dispose()
    # A row from before the migration: counted, without durations.
    assert [(row.count, row.latency, row.latency_ms) for row in rows] == [(3, (), 0.0)]
    await _alembic(registry_database, "downgrade", "0001")
    columns = await _usage_columns(registry_database)
    assert "latency_counts" not in columns
    assert "latency_ms" not in columns
    assert "count" in columns


async def _check_indexes(url: str) -> set[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'checks'")
            )
            return {row.indexname for row in rows}
    finally:
        await engine.dispose()


@pytest.mark.stores
async def test_the_checks_index_migration_adds_and_removes_it(registry_database: str) -> None:
    await _alembic(registry_database, "upgrade", "0002")
    assert "ix_checks_variant" not in await _check_indexes(registry_database)
    await _alembic(registry_database, "upgrade", "head")
    assert "ix_checks_variant" in await _check_indexes(registry_database)
    await _alembic(registry_database, "downgrade", "0002")
    assert "ix_checks_variant" not in await _check_indexes(registry_database)
