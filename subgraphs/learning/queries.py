"""Root query fields of the learning subgraph."""

from __future__ import annotations

import strawberry

from shared.subgraph import described
from shared.subgraph.pagination import DEFAULT_FIRST, Connection, check_first, connection
from subgraphs.learning.context import LearningInfo
from subgraphs.learning.entities import Course
from subgraphs.learning.ownership import may_see_course
from subgraphs.learning.validation import COURSE_CURSORS

__all__ = ["Query"]


@strawberry.type
class Query:
    @described.field(
        description="A course by id; null if unknown, or a draft the viewer may not see."
    )
    async def course(self, info: LearningInfo, id: strawberry.ID) -> Course | None:
        row = await info.context.loaders.course.load(str(id))
        if row is None or not may_see_course(info.context.viewer, row):
            return None
        return Course.of(row)

    @described.field(
        description="Published courses, oldest first, optionally of one subject and one tutor."
    )
    async def courses(
        self,
        info: LearningInfo,
        subject_id: strawberry.ID | None = None,
        tutor_id: strawberry.ID | None = None,
        first: int = DEFAULT_FIRST,
        after: str | None = None,
    ) -> Connection[Course]:
        limit = check_first(first)
        key = None if after is None else COURSE_CURSORS.decode(after)
        rows, more, total = await info.context.store.published_page(
            subject_id=None if subject_id is None else str(subject_id),
            tutor_id=None if tutor_id is None else str(tutor_id),
            first=limit,
            after=key,
        )
        for row in rows:
            info.context.loaders.course.prime(row.id, row)
        return connection(
            rows,
            node=Course.of,
            cursor=lambda c: COURSE_CURSORS.encode(c.created_at, c.id),
            has_next_page=more,
            after=after,
            total_count=total,
        )
