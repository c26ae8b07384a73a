"""The local stores start, answer through their official drivers, and restart idempotently."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
from neo4j import AsyncGraphDatabase
from pymongo import AsyncMongoClient

from shared.stores import LocalStores, StoreUrls


async def test_postgres_answers_with_btree_gist(stores: StoreUrls) -> None:
    conn = await asyncpg.connect(
        host="127.0.0.1", port=stores.postgres_port, user="postgres", database="scheduling"
    )
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        assert await conn.fetchval("SELECT 40 + 2") == 42
    finally:
        await conn.close()


async def test_bolt_server_runs_cypher(stores: StoreUrls) -> None:
    driver = AsyncGraphDatabase.driver(stores.bolt_url, auth=None)
    try:
        async with driver.session() as session:
            result = await session.run("RETURN $x + 1 AS y", x=41)
            record = await result.single()
            assert record is not None
            assert record["y"] == 42
    finally:
        await driver.close()


async def test_mongo_server_round_trips_a_document(stores: StoreUrls) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(stores.mongo_url)
    try:
        coll = client["smoke"]["docs"]
        await coll.insert_one({"_id": "a", "n": 1})
        found = await coll.find_one({"_id": "a"})
        assert found == {"_id": "a", "n": 1}
    finally:
        await client.close()


def test_start_is_idempotent_and_stop_leaves_nothing(tmp_path: Path) -> None:
    local = LocalStores(tmp_path)
    first = local.start()
    try:
        assert local.start() == first
        assert local.running() == first
    finally:
        local.stop()
    assert local.running() is None


@pytest.mark.parametrize("name", ["accounts", "scheduling"])
def test_environment_names_each_postgres_database(stores: StoreUrls, name: str) -> None:
    env = stores.environment()
    assert env[f"{name.upper()}_DATABASE_URL"].endswith(f"/{name}")


async def _cypher(url: str, statement: str) -> list[dict[str, object]]:
    driver = AsyncGraphDatabase.driver(url, auth=None)
    try:
        async with driver.session() as session:
            result = await session.run(statement)
            return await result.data()
    finally:
        await driver.close()


async def _mongo_insert(url: str) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(url)
    try:
        await client["kept"]["docs"].insert_one({"_id": "k"})
    finally:
        await client.close()


async def _mongo_count(url: str) -> int:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(url)
    try:
        return await client["kept"]["docs"].count_documents({})
    finally:
        await client.close()


def test_graph_and_documents_survive_a_restart(tmp_path: Path) -> None:
    """`task seed` then `task up --no-seed` relies on the stores keeping their data."""
    local = LocalStores(tmp_path)
    try:
        urls = local.start()
        asyncio.run(_cypher(urls.bolt_url, "CREATE (:Kept {v: 1})"))
        asyncio.run(_mongo_insert(urls.mongo_url))
        local.stop()
        urls = local.start()
        kept = asyncio.run(_cypher(urls.bolt_url, "MATCH (k:Kept) RETURN count(k) AS n"))
        assert kept == [{"n": 1}]
        assert asyncio.run(_mongo_count(urls.mongo_url)) == 1
    finally:
        local.stop()
