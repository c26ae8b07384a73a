"""Migrations on a fresh database: concurrent starts, reversibility, and the CLI commands."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from alembic import command
from sqlalchemy import Connection

from shared.stores import StoreUrls
from subgraphs.scheduling.migrations import alembic_config
from subgraphs.scheduling.seed import seed_data
from subgraphs.scheduling.settings import Settings
from subgraphs.scheduling.store import Store
from tests.support.databases import fresh_database
from tests.support.servers import serve_subprocess

pytestmark = pytest.mark.stores

CONSTRAINT_QUERY = "SELECT count(*) FROM pg_constraint WHERE conname = 'bookings_no_double_booking'"


@pytest.fixture
async def fresh_url(stores: StoreUrls) -> AsyncIterator[str]:
    """A scheduling-shaped database of its own, dropped afterwards."""
    async with fresh_database(stores, "scheduling_t") as url:
        yield url


async def _scalar(url: str, query: str) -> object:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return await conn.fetchval(query)
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
    assert await _scalar(fresh_url, "SELECT version_num FROM alembic_version") == "0002"
    assert await _scalar(fresh_url, CONSTRAINT_QUERY) == 1


async def test_migrations_downgrade_and_upgrade_again(fresh_url: str) -> None:
    store = Store.connect(Settings(database_url=fresh_url, pool_size=1))
    try:
        await store.migrate()

        def downgrade(conn: Connection) -> None:
            command.downgrade(alembic_config(connection=conn), "base")

        async with store._engine.begin() as conn:
            await conn.run_sync(downgrade)
        assert await _scalar(fresh_url, "SELECT to_regclass('bookings')::text") is None
        await store.migrate()
    finally:
        await store.close()
    assert await _scalar(fresh_url, CONSTRAINT_QUERY) == 1


def test_cli_seed_loads_the_seed(fresh_url: str) -> None:
    env = {**os.environ, "SCHEDULING_DATABASE_URL": fresh_url}
    out = subprocess.run(
        [sys.executable, "-m", "subgraphs.scheduling", "seed"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    rules, bookings = seed_data()
    assert out.stdout.strip() == (
        f"scheduling: seeded {len(rules)} availability rules and {len(bookings)} bookings"
    )


def test_module_app_serves_under_uvicorn(fresh_url: str, gateway_secret: str) -> None:
    env = {"SCHEDULING_DATABASE_URL": fresh_url, "GATEWAY_SHARED_SECRET": gateway_secret}
    with serve_subprocess("subgraphs.scheduling.app:app", env) as base:
        response = httpx.post(f"{base}/graphql", json={"query": "{ _service { sdl } }"})
    assert 'type Booking @key(fields: "id")' in response.json()["data"]["_service"]["sdl"]
    # The app migrated the fresh database on startup.
    assert asyncio.run(_scalar(fresh_url, CONSTRAINT_QUERY)) == 1


def test_cli_refuses_missing_database_url() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SCHEDULING_DATABASE_URL"}
    out = subprocess.run(
        [sys.executable, "-m", "subgraphs.scheduling", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0
    assert "SCHEDULING_DATABASE_URL" in out.stderr
    assert "Traceback" not in out.stderr
