"""Per-request DataLoaders: every entity and per-tutor/per-subject/per-user field loads through
one, so a list of N items costs the store a constant number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from shared.auth import Viewer
from shared.subgraph.loaders import batched, grouped
from subgraphs.learning.model import Course, Enrollment, Lesson, Progress
from subgraphs.learning.ownership import is_admin, tutor_of_user
from subgraphs.learning.store import Store

__all__ = ["Drafts", "Loaders"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Drafts:
    """Which unpublished courses a viewer sees in a tutor's list: their own, or all (admins)."""

    of: str | None = None
    every: bool = False

    @classmethod
    def for_viewer(cls, viewer: Viewer | None) -> Drafts:
        if is_admin(viewer):
            return cls(every=True)
        return cls(of=None if viewer is None else tutor_of_user(viewer.user_id))


class Loaders:
    """Fresh per request, so caches never outlive one operation or leak between viewers."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.course: DataLoader[str, Course | None] = batched(store.courses_by_id, missing=None)
        self.lessons: DataLoader[str, tuple[Lesson, ...]] = batched(store.lessons_of, missing=())
        self.enrollment: DataLoader[str, Enrollment | None] = batched(
            store.enrollments_by_id, missing=None
        )
        self.user_enrollments: DataLoader[str, tuple[Enrollment, ...]] = batched(
            store.enrollments_of, missing=()
        )
        self.progress: DataLoader[str, Progress | None] = batched(store.progress, missing=None)
        self.subject_courses: DataLoader[str, tuple[Course, ...]] = batched(
            self._subject_courses, missing=()
        )
        self.tutor_courses: DataLoader[tuple[str, Drafts], tuple[Course, ...]] = grouped(
            self._tutor_courses, split=lambda key: (key[1], key[0]), missing=()
        )

    async def _subject_courses(self, subject_ids: list[str]) -> Mapping[str, tuple[Course, ...]]:
        return await self._store.courses_by(subject_ids=subject_ids)

    async def _tutor_courses(
        self, drafts: Drafts, tutor_ids: list[str]
    ) -> Mapping[str, tuple[Course, ...]]:
        return await self._store.courses_by(
            tutor_ids=tutor_ids, unpublished_of=drafts.of, every_draft=drafts.every
        )
