"""Fixtures of the learning tests: one migrated store per session, emptied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.stores import StoreUrls
from subgraphs.learning.settings import Settings
from subgraphs.learning.store import Store


@pytest.fixture(scope="session")
def learning_settings(stores: StoreUrls) -> Settings:
    """Where the session's learning database is (`shared.stores` exports no variable for it)."""
    return Settings(database_url=stores.postgres_url("learning"))


@pytest.fixture(scope="session")
async def session_store(learning_settings: Settings) -> AsyncIterator[Store]:
    store = Store.connect(learning_settings)
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
