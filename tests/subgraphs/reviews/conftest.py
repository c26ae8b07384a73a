"""Fixtures of the reviews tests: one store per session, emptied per test, and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from shared.stores import StoreUrls
from subgraphs.reviews.app import build_app
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import TEST_DATABASE, Api


@pytest.fixture(scope="session")
def settings(stores: StoreUrls) -> Settings:
    # A database of our own on the shared server: other subgraphs' tests never see it.
    return Settings(mongo_url=stores.mongo_url, database=TEST_DATABASE)


@pytest.fixture(scope="session")
async def session_store(settings: Settings) -> AsyncIterator[ReviewStore]:
    store = ReviewStore(settings)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def store(session_store: ReviewStore) -> ReviewStore:
    """The reviews collection, empty with its indexes, and the round-trip counter at zero."""
    await session_store.reset()
    session_store.calls = 0
    return session_store


@pytest.fixture
async def api(store: ReviewStore, gateway_secret: str) -> AsyncIterator[Api]:
    """The app over the test store, called through its ASGI interface."""
    app = build_app(store=store, secret=gateway_secret)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reviews") as client:
        yield Api(client=client, secret=gateway_secret)
