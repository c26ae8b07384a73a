"""The local stores start, answer through their official drivers, and restart idempotently."""

from __future__ import annotations

import asyncio
import errno
import re
import socket
import subprocess
from pathlib import Path

import asyncpg
import pytest
import stripe
from neo4j import AsyncGraphDatabase
from pymongo import AsyncMongoClient

from shared.stores import LocalStores, StoreStartError, StoreUrls


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


@pytest.mark.parametrize("name", ["accounts", "scheduling", "payments", "learning", "registry"])
def test_environment_names_each_postgres_database(stores: StoreUrls, name: str) -> None:
    env = stores.environment()
    assert env[f"{name.upper()}_DATABASE_URL"].endswith(f"/{name}")


def test_environment_points_payments_at_the_local_stripe_with_test_keys(
    stores: StoreUrls,
) -> None:
    env = stores.environment()
    assert env["PAYMENTS_STRIPE_API_BASE"] == f"http://127.0.0.1:{stores.stripe_port}"
    assert env["PAYMENTS_STRIPE_API_KEY"].startswith("sk_test_")
    assert env["PAYMENTS_STRIPE_WEBHOOK_SECRET"].startswith("whsec_")
    client = stripe.StripeClient(
        env["PAYMENTS_STRIPE_API_KEY"], base_addresses={"api": env["PAYMENTS_STRIPE_API_BASE"]}
    )
    assert client.v1.payment_intents.list().data is not None


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


def _non_loopback_ipv4() -> str:
    """An IPv4 address of this machine that is not loopback (eth0's, say), from `ip`."""
    listed = subprocess.run(
        ["ip", "-4", "-o", "addr", "show", "scope", "global"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(r"\binet (\d+\.\d+\.\d+\.\d+)/", listed)
    assert found, f"this machine has no non-loopback IPv4 address to test from:\n{listed}"
    return found[0]


def _refused(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        return sock.connect_ex((host, port)) == errno.ECONNREFUSED


@pytest.mark.parametrize(
    "port_name", ["bolt_port", "redis_port", "mongo_port", "postgres_port", "stripe_port"]
)
def test_every_store_port_refuses_other_interfaces_and_serves_loopback(
    stores: StoreUrls, port_name: str
) -> None:
    """FalkorDB's module binds Bolt to every interface unless patched (shared/stores/graph.py)."""
    port: int = getattr(stores, port_name)
    outside = _non_loopback_ipv4()
    assert _refused(outside, port), f"{port_name} {port} answers on {outside}"
    assert not _refused("127.0.0.1", port)


async def test_bolt_on_loopback_still_runs_cypher_after_the_patch(stores: StoreUrls) -> None:
    assert await _cypher(stores.bolt_url, "RETURN 1 AS one") == [{"one": 1}]


def test_an_unknown_falkordb_build_is_refused_not_started_on_every_interface(
    tmp_path: Path,
) -> None:
    from shared.stores.graph import loopback_module

    fake = tmp_path / "falkordb.so"
    fake.write_bytes(b"\x7fELF" + bytes(4096))
    with pytest.raises(StoreStartError, match="refusing to start"):
        loopback_module(fake, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
