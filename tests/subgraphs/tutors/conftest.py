"""Fixtures of the tutors tests: one migrated store per session, re-seeded for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.stores import StoreUrls
from subgraphs.tutors.seed import seed
from subgraphs.tutors.settings import Settings
from subgraphs.tutors.store import TutorStore


@pytest.fixture(scope="session")
async def session_store(stores: StoreUrls) -> AsyncIterator[TutorStore]:
    store = await TutorStore.open(Settings.from_env())
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def store(session_store: TutorStore) -> TutorStore:
    """The tutors store holding exactly the seed, its query counter at zero."""
    await seed(session_store)
    session_store.queries = 0
    return session_store
