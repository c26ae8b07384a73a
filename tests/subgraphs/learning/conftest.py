"""Fixtures of the learning tests: one migrated store per session, emptied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.stores import StoreUrls
from subgraphs.learning.settings import Settings
from subgraphs.learning.store import Store


@pytest.fixture(scope="session")
async def session_store(stores: StoreUrls) -> AsyncIterator[Store]:
    store = Store.connect(Settings(database_url=stores.postgres_url("learning")))
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def store(session_store: Store) -> Store:
    """The learning store with no courses, lessons or enrollments."""
    await session_store.reset()
    return session_store
