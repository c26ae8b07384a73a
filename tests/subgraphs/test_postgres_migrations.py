"""Migrations of the PostgreSQL subgraphs built on the kit's runner, on fresh databases:
concurrent starts apply once, they downgrade and upgrade again, and each subgraph's table
mirrors (what its store queries) match exactly the columns its migrations create."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.stores import StoreUrls
from shared.subgraph.migrations import AlembicMigrations
from tests.support.databases import fresh_database

pytestmark = pytest.mark.stores

# Subgraph → the tables its store mirrors, and an index only its migration creates.
SUBGRAPHS = {
    "payments": (
        ("PAYMENTS", "TRANSACTIONS", "ENTRIES", "EVENTS"),
        "payments_one_live_per_reference",
    ),
    "learning": (("COURSES", "LESSONS", "ENROLLMENTS", "PROGRESS"), "lessons_one_per_position"),
}


def _migrations(subgraph: str) -> AlembicMigrations:
    found: AlembicMigrations = importlib.import_module(
        f"subgraphs.{subgraph}.migrations"
    ).MIGRATIONS
    return found


def _head(subgraph: str) -> str:
    """The newest revision: the highest number among the subgraph's migration files."""
    versions = Path(importlib.import_module(f"subgraphs.{subgraph}.migrations").__file__ or "")
    return max(f.name.split("_")[0] for f in (versions.parent / "versions").glob("[0-9]*.py"))


def _mirrors(subgraph: str) -> list[sa.Table]:
    tables = importlib.import_module(f"subgraphs.{subgraph}.tables")
    return [getattr(tables, name) for name in SUBGRAPHS[subgraph][0]]


@pytest.fixture(params=sorted(SUBGRAPHS))
async def fresh(
    request: pytest.FixtureRequest, stores: StoreUrls
) -> AsyncIterator[tuple[str, str]]:
    subgraph: str = request.param
    async with fresh_database(stores, f"{subgraph}_t") as url:
        yield subgraph, url


async def _fetch(url: str, query: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


async def _has_index(url: str, name: str) -> bool:
    rows = await _fetch(url, "SELECT 1 FROM pg_indexes WHERE indexname = $1", name)
    return len(rows) == 1


async def test_concurrent_migrations_apply_once(fresh: tuple[str, str]) -> None:
    subgraph, url = fresh
    await asyncio.gather(*(_migrations(subgraph).migrate(url) for _ in range(4)))
    await _migrations(subgraph).migrate(url)  # and again: a no-op
    (version,) = await _fetch(url, "SELECT version_num FROM alembic_version")
    assert version[0] == _head(subgraph)
    assert await _has_index(url, SUBGRAPHS[subgraph][1])


async def test_migrations_downgrade_and_upgrade_again(fresh: tuple[str, str]) -> None:
    subgraph, url = fresh
    migrations = _migrations(subgraph)
    await migrations.migrate(url)

    def downgrade(conn: Connection) -> None:
        command.downgrade(migrations.config(connection=conn), "base")

    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(downgrade)
    finally:
        await engine.dispose()
    assert not await _has_index(url, SUBGRAPHS[subgraph][1])
    await migrations.migrate(url)
    assert await _has_index(url, SUBGRAPHS[subgraph][1])


async def test_the_table_mirrors_match_the_migrated_columns(fresh: tuple[str, str]) -> None:
    subgraph, url = fresh
    await _migrations(subgraph).migrate(url)
    rows = await _fetch(
        url,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name <> 'alembic_version'",
    )
    migrated: dict[str, set[str]] = {}
    for table, column in rows:
        migrated.setdefault(table, set()).add(column)
    assert migrated == {t.name: {c.name for c in t.columns} for t in _mirrors(subgraph)}
