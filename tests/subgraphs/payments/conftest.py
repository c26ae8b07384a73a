"""Fixtures of the payments tests: one migrated store per session, emptied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.stores import StoreUrls
from subgraphs.payments.settings import Settings
from subgraphs.payments.store import Store


@pytest.fixture(scope="session")
async def session_store(stores: StoreUrls) -> AsyncIterator[Store]:
    store = Store.connect(Settings(database_url=stores.postgres_url("payments")))
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def store(session_store: Store) -> Store:
    """The payments store with no payments and an empty ledger."""
    await session_store.reset()
    return session_store
