"""Fixtures of the reviews tests: one store per session, emptied per test, an HTTP client, a
real scheduling subgraph (on its own database) that reviews asks about past lessons, and a real
learning subgraph (on its own database) that it asks about enrollments."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest

from shared.stores import StoreUrls
from subgraphs.learning.app import build_app as learning_app
from subgraphs.learning.settings import Settings as LearningSettings
from subgraphs.learning.store import Store as LearningStore
from subgraphs.reviews.app import build_app
from subgraphs.reviews.enrollments import LearningEnrollments
from subgraphs.reviews.lessons import SchedulingLessons
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore
from subgraphs.scheduling.app import build_app as scheduling_app
from subgraphs.scheduling.settings import Settings as SchedulingSettings
from subgraphs.scheduling.store import Store as SchedulingStore
from tests.subgraphs.reviews.helpers import TEST_DATABASE, Api, Counted, Enrollments, Lessons
from tests.support.servers import serve_in_thread

SCHEDULING_DATABASE = "scheduling_for_reviews"
LEARNING_DATABASE = "learning_for_reviews"


async def _own_database(stores: StoreUrls, name: str) -> str:
    """A PostgreSQL database of the reviews tests' own: the other subgraphs' tests never see it."""
    conn = await asyncpg.connect(
        host="127.0.0.1", port=stores.postgres_port, user="postgres", database="postgres"
    )
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return stores.postgres_url(name)


@pytest.fixture(scope="session")
async def scheduling_settings(stores: StoreUrls) -> SchedulingSettings:
    return SchedulingSettings(database_url=await _own_database(stores, SCHEDULING_DATABASE))


@pytest.fixture(scope="session")
def scheduling_url(scheduling_settings: SchedulingSettings, gateway_secret: str) -> Iterator[str]:
    """The scheduling subgraph on a real socket, as reviews reaches it in a deployment."""
    with serve_in_thread(scheduling_app(scheduling_settings, secret=gateway_secret)) as base:
        yield f"{base}/graphql"


@pytest.fixture(scope="session")
async def scheduling_store(
    scheduling_settings: SchedulingSettings, scheduling_url: str
) -> AsyncIterator[SchedulingStore]:
    store = SchedulingStore.connect(scheduling_settings)
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def lessons(scheduling_store: SchedulingStore) -> Lessons:
    """Scheduling with no bookings; `add` books past (or future) lessons directly."""
    await scheduling_store.reset()
    return Lessons(store=scheduling_store)


@pytest.fixture(scope="session")
async def learning_settings(stores: StoreUrls) -> LearningSettings:
    return LearningSettings(database_url=await _own_database(stores, LEARNING_DATABASE))


@pytest.fixture(scope="session")
def learning_url(learning_settings: LearningSettings, gateway_secret: str) -> Iterator[str]:
    """The learning subgraph on a real socket, as reviews reaches it in a deployment."""
    app = learning_app(learning_settings, secret=gateway_secret, receipt_secret=b"r" * 32)
    with serve_in_thread(app) as base:
        yield f"{base}/graphql"


@pytest.fixture(scope="session")
async def learning_store(
    learning_settings: LearningSettings, learning_url: str
) -> AsyncIterator[LearningStore]:
    store = LearningStore.connect(learning_settings)
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def enrollments(learning_store: LearningStore) -> Enrollments:
    """Learning with no courses or enrollments; `enroll` adds one with its completed lessons."""
    await learning_store.reset()
    return Enrollments(store=learning_store)


@pytest.fixture(scope="session")
def settings(stores: StoreUrls, scheduling_url: str, learning_url: str) -> Settings:
    # A database of our own on the shared server: other subgraphs' tests never see it.
    return Settings(
        mongo_url=stores.mongo_url,
        database=TEST_DATABASE,
        scheduling_url=scheduling_url,
        learning_url=learning_url,
    )


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
async def api(
    store: ReviewStore,
    gateway_secret: str,
    scheduling_url: str,
    lessons: Lessons,
    learning_url: str,
    enrollments: Enrollments,
) -> AsyncIterator[Api]:
    """The app over the test store, called through its ASGI interface; lessons from the real
    scheduling subgraph and enrollments from learning (both empty until a test adds some)."""
    history = SchedulingLessons(scheduling_url, gateway_secret, timeout=5)
    progress = LearningEnrollments(learning_url, gateway_secret, timeout=5)
    counted = Counted(inner=progress, enrollments=enrollments)
    app = build_app(store=store, secret=gateway_secret, lessons=history, enrollments=counted)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://reviews") as client:
            yield Api(client=client, secret=gateway_secret)
    finally:
        await history.close()
        await progress.close()
