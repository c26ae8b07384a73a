"""Fixtures of the scheduling tests: one migrated store per session, emptied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.stores import StoreUrls
from subgraphs.scheduling.settings import Settings
from subgraphs.scheduling.store import Store


@pytest.fixture(scope="session")
async def session_store(stores: StoreUrls) -> AsyncIterator[Store]:
    store = Store.connect(Settings.from_env())
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def store(session_store: Store) -> Store:
    """The scheduling store with no rules and no bookings, its query counter at zero."""
    await session_store.reset()
    session_store.query_count = 0
    return session_store
