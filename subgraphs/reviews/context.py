"""What every resolver of the reviews subgraph receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from shared.auth import Viewer
from shared.subgraph import ContextFactory
from subgraphs.reviews.enrollments import CourseProgress
from subgraphs.reviews.lessons import LessonHistory
from subgraphs.reviews.loaders import Loaders
from subgraphs.reviews.store import ReviewStore

__all__ = ["Context", "context_factory"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    store: ReviewStore
    loaders: Loaders
    viewer: Viewer | None
    # Who had a lesson with whom: the scheduling subgraph's knowledge, asked over HTTP.
    lessons: LessonHistory
    # Who is enrolled in which course, and how far: the learning subgraph's, asked over HTTP.
    enrollments: CourseProgress


def context_factory(
    store: ReviewStore, lessons: LessonHistory, enrollments: CourseProgress
) -> ContextFactory:
    """The app's per-request context: fresh DataLoaders and the signed-in viewer."""

    async def make(_: Request, viewer: Viewer | None) -> Context:
        return Context(
            store=store,
            loaders=Loaders.for_store(store),
            viewer=viewer,
            lessons=lessons,
            enrollments=enrollments,
        )

    return make
