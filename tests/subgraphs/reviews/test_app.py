"""The app as deployed: `subgraphs.reviews.app:app` in its own process, and the CLI commands."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from shared.auth import Viewer
from subgraphs.reviews.migrations import INDEXES
from subgraphs.reviews.settings import (
    DEFAULT_DATABASE,
    DEFAULT_LEARNING_TIMEOUT,
    DEFAULT_LEARNING_URL,
    DEFAULT_SCHEDULING_TIMEOUT,
    Settings,
)
from subgraphs.reviews.store import ReviewStore
from tests.subgraphs.reviews.helpers import Lessons
from tests.support.identity import gateway_identity_headers
from tests.support.servers import serve_subprocess

pytestmark = pytest.mark.stores

SUBMIT = """
mutation { submitReview(input: {tutorId: "tutor-0001", rating: 4, comment: "Good."}) {
  rating author { id } } }
"""


def test_settings_read_the_documented_variables() -> None:
    env = {"REVIEWS_MONGO_URL": "mongodb://db:27017/", "REVIEWS_MONGO_DATABASE": "r2"}
    assert Settings.from_env(env) == Settings(mongo_url="mongodb://db:27017/", database="r2")
    assert Settings.from_env({"REVIEWS_MONGO_URL": "mongodb://x/"}).database == DEFAULT_DATABASE
    scheduling = {
        "REVIEWS_MONGO_URL": "mongodb://x/",
        "REVIEWS_SCHEDULING_URL": "http://scheduling:4004/graphql",
        "REVIEWS_SCHEDULING_TIMEOUT_SECONDS": "1.5",
    }
    read = Settings.from_env(scheduling)
    assert (read.scheduling_url, read.scheduling_timeout) == ("http://scheduling:4004/graphql", 1.5)
    learning = {
        "REVIEWS_MONGO_URL": "mongodb://x/",
        "REVIEWS_LEARNING_URL": "http://learning:4006/graphql",
        "REVIEWS_LEARNING_TIMEOUT_SECONDS": "2.5",
    }
    read = Settings.from_env(learning)
    assert (read.learning_url, read.learning_timeout) == ("http://learning:4006/graphql", 2.5)
    assert read.scheduling_timeout == DEFAULT_SCHEDULING_TIMEOUT
    defaults = Settings.from_env({"REVIEWS_MONGO_URL": "mongodb://x/"})
    assert (defaults.learning_url, defaults.learning_timeout) == (
        DEFAULT_LEARNING_URL,
        DEFAULT_LEARNING_TIMEOUT,
    )
    with pytest.raises(RuntimeError, match="REVIEWS_LEARNING_TIMEOUT_SECONDS"):
        Settings.from_env(
            {"REVIEWS_MONGO_URL": "mongodb://x/", "REVIEWS_LEARNING_TIMEOUT_SECONDS": "soon"}
        )
    with pytest.raises(RuntimeError, match="REVIEWS_SCHEDULING_TIMEOUT_SECONDS"):
        Settings.from_env(
            {"REVIEWS_MONGO_URL": "mongodb://x/", "REVIEWS_SCHEDULING_TIMEOUT_SECONDS": "0"}
        )


@pytest.mark.parametrize("env", [{}, {"REVIEWS_MONGO_URL": "  "}])
def test_settings_refuse_a_missing_store_url(env: dict[str, str]) -> None:
    with pytest.raises(RuntimeError, match="REVIEWS_MONGO_URL is not set"):
        Settings.from_env(env)


async def test_served_app_creates_indexes_and_answers(
    settings: Settings, gateway_secret: str, lessons: Lessons
) -> None:
    fresh = Settings(mongo_url=settings.mongo_url, database="reviews_app_test")
    store = ReviewStore(fresh)
    await store.open()
    await lessons.add("user-0500", "tutor-0001")
    try:
        await store.drop()
        env = {
            "REVIEWS_MONGO_URL": fresh.mongo_url,
            "REVIEWS_MONGO_DATABASE": fresh.database,
            "REVIEWS_SCHEDULING_URL": settings.scheduling_url,
        }
        with serve_subprocess("subgraphs.reviews.app:app", env) as base:
            assert set(await store.index_names()) >= {spec.name for spec in INDEXES}
            viewer = Viewer(user_id="user-0500", role="STUDENT")
            async with httpx.AsyncClient(base_url=base) as client:
                made = await client.post(
                    "/graphql",
                    json={"query": SUBMIT},
                    headers=gateway_identity_headers(viewer, gateway_secret),
                )
                garbage = await client.post("/graphql", content=b"{not json")
        assert made.json() == {
            "data": {"submitReview": {"rating": 4, "author": {"id": "user-0500"}}}
        }
        assert 400 <= garbage.status_code < 500
        assert await store.count() == 1
    finally:
        await store.drop()
        await store.close()


def test_migrate_command_is_idempotent(settings: Settings) -> None:
    env = {
        **os.environ,
        "REVIEWS_MONGO_URL": settings.mongo_url,
        "REVIEWS_MONGO_DATABASE": "reviews_cli_test",
    }
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-m", "subgraphs.reviews", "migrate"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == "reviews: indexes ready"
