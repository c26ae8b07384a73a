"""The reviews subgraph's ASGI app: `app` (built on first access from the environment)."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.auth import gateway_secret
from shared.subgraph import create_app, lazy_app
from subgraphs.reviews.context import context_factory
from subgraphs.reviews.enrollments import CourseProgress, LearningEnrollments
from subgraphs.reviews.lessons import LessonHistory, SchedulingLessons
from subgraphs.reviews.schema import schema
from subgraphs.reviews.settings import Settings
from subgraphs.reviews.store import ReviewStore

__all__ = ["build_app"]  # and `app`, made on first access by __getattr__


def build_app(
    settings: Settings | None = None,
    *,
    secret: str | None = None,
    store: ReviewStore | None = None,
    lessons: LessonHistory | None = None,
    enrollments: CourseProgress | None = None,
) -> Starlette:
    """The app over `store` (or one for `settings`); startup connects and ensures the indexes.

    `lessons` answers whether a student had a lesson with a tutor (default: the scheduling
    subgraph at `settings.scheduling_url`), `enrollments` how far a student is in a course
    (default: the learning subgraph at `settings.learning_url`); both are asked with the
    gateway's shared secret.
    """
    config = settings or Settings.from_env()
    the_store = store or ReviewStore(config)
    shared_secret = secret or gateway_secret()
    scheduling = SchedulingLessons(config.scheduling_url, shared_secret, config.scheduling_timeout)
    learning = LearningEnrollments(config.learning_url, shared_secret, config.learning_timeout)
    history = lessons or scheduling
    progress = enrollments or learning

    async def startup() -> None:
        await the_store.open()
        await the_store.migrate()

    async def shutdown() -> None:
        await scheduling.close()
        await learning.close()
        await the_store.close()

    return create_app(
        schema=schema,
        context=context_factory(the_store, history, progress),
        gateway_secret=shared_secret,
        startup=startup,
        shutdown=shutdown,
        store_queries=the_store.store_queries,
    )


# `app` for uvicorn, built on first access: importing this module needs no environment.
__getattr__ = lazy_app(build_app)
