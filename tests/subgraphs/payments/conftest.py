"""Fixtures of the payments tests: one migrated store per session, emptied per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from shared.stores import StoreUrls
from shared.stores.payments import payments_provider
from subgraphs.payments.provider import Provider, ProviderSettings
from subgraphs.payments.service import Payments
from subgraphs.payments.settings import Settings
from subgraphs.payments.store import Store
from tests.subgraphs.payments.api import make_payments
from tests.subgraphs.payments.helpers import WEBHOOK_SECRET


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


@pytest.fixture(scope="session")
def stand_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The local Stripe stand-in's API base, one server for the session."""
    server = payments_provider(tmp_path_factory.mktemp("provider"))
    ports = server.start()
    try:
        yield f"http://127.0.0.1:{ports['stripe']}"
    finally:
        server.stop()


@pytest.fixture
async def provider(stand_in: str) -> AsyncIterator[Provider]:
    settings = ProviderSettings(
        api_key="sk_test_local", webhook_secret=WEBHOOK_SECRET, api_base=stand_in
    )
    made = Provider(settings)
    try:
        yield made
    finally:
        await made.close()


@pytest.fixture
def service(store: Store, provider: Provider) -> Payments:
    """The payments service of the API tests: signing under `api.SECRET`, no owners."""
    return make_payments(store, provider)
