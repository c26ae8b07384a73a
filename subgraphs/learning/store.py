"""All PostgreSQL access of the learning subgraph (SQLAlchemy Core over asyncpg).

The rules that must hold under concurrency are the database's: only the author's id matches
the conditional updates that edit a course; a course's lessons are appended under a lock on
the course's row, so their positions run 1, 2, … without gaps or repeats (and a unique
constraint backs it); a student enrolls in a course once (a unique constraint), only in a
published one; a completed lesson counts once, and only a lesson of the enrolled course, for
the enrollment's own student (one conditional insert).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.errors import Conflict, Forbidden, NotFound
from shared.subgraph.postgres import is_postgres_outage, postgres_engine
from shared.subgraph.timeouts import StoreTimeouts, store_deadline
from subgraphs.learning.migrations import migrate
from subgraphs.learning.model import Course, Enrollment, Lesson, Progress
from subgraphs.learning.settings import Settings
from subgraphs.learning.tables import (
    COURSES,
    ENROLLMENTS,
    LESSONS,
    PROGRESS,
    course_of,
    course_values,
    enrollment_of,
    lesson_of,
    lesson_values,
)

__all__ = ["Store"]

_EDITABLE = frozenset({"title", "description", "level", "price_minor", "currency", "published"})


class Store:
    """The learning database: courses, lessons, enrollments, progress."""

    def __init__(self, engine: AsyncEngine, timeouts: StoreTimeouts | None = None) -> None:
        self._engine = engine
        self._timeouts = timeouts or StoreTimeouts()

    @classmethod
    def connect(cls, settings: Settings) -> Store:
        limits = settings.timeouts
        url, size = settings.database_url, settings.pool_size
        return cls(postgres_engine(url, pool_size=size, timeouts=limits), limits)

    def _deadline(self) -> contextlib.AbstractAsyncContextManager[None]:
        return store_deadline("learning", self._timeouts.query, is_postgres_outage)

    async def close(self) -> None:
        await self._engine.dispose()

    async def migrate(self) -> None:
        """Brings the schema to the newest revision (idempotent; safe to race)."""
        await migrate(self._engine)

    async def create_course(self, course: Course) -> Course:
        async with self._deadline(), self._engine.begin() as conn:
            await conn.execute(sa.insert(COURSES), course_values(course))
        return course

    async def edit_course(
        self, course_id: str, author_id: str, changes: Mapping[str, Any]
    ) -> Course:
        """Applies `changes` (title, description, level, price, currency, published) when
        `author_id` wrote the course; NotFound or Forbidden otherwise."""
        unknown = set(changes) - _EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        values = {k: (v.value if k == "level" else v) for k, v in changes.items()}
        query = (
            sa.update(COURSES)
            .where(COURSES.c.id == course_id, COURSES.c.tutor_id == author_id)
            .values(**values)
            .returning(*COURSES.c)
        )
        async with self._deadline(), self._engine.begin() as conn:
            row = (await conn.execute(query)).first() if values else None
            if row is None:
                row = await self._authored(conn, course_id, author_id, lock=False)
        return course_of(row)

    async def add_lesson(
        self, course_id: str, author_id: str, *, lesson_id: str, title: str, content: str,
        duration_minutes: int,
    ) -> Lesson:  # fmt: skip
        """Appends a lesson at the end of the author's course."""
        async with self._deadline(), self._engine.begin() as conn:
            await self._authored(conn, course_id, author_id, lock=True)
            last = await conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(LESSONS.c.position), 0)).where(
                    LESSONS.c.course_id == course_id
                )
            )
            lesson = Lesson(
                id=lesson_id,
                course_id=course_id,
                position=int(last.scalar_one()) + 1,
                title=title,
                content=content,
                duration_minutes=duration_minutes,
            )
            await conn.execute(sa.insert(LESSONS), lesson_values(lesson))
        return lesson

    async def courses_by_id(self, ids: Sequence[str]) -> Mapping[str, Course]:
        query = sa.select(COURSES).where(COURSES.c.id.in_(list(ids)))
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {row.id: course_of(row) for row in rows}

    async def courses_by(
        self, *, tutor_ids: Sequence[str] = (), subject_ids: Sequence[str] = (),
        unpublished_of: str | None = None,
    ) -> Mapping[str, tuple[Course, ...]]:  # fmt: skip
        """Published courses per tutor or per subject, in one query, oldest first; courses of
        the tutor `unpublished_of` are listed unpublished too (authors see their drafts)."""
        by_tutor = bool(tutor_ids)
        column = COURSES.c.tutor_id if by_tutor else COURSES.c.subject_id
        keys = list(tutor_ids if by_tutor else subject_ids)
        visible: sa.ColumnElement[bool] = COURSES.c.published.is_(True)
        if unpublished_of is not None:
            visible = sa.or_(visible, COURSES.c.tutor_id == unpublished_of)
        query = (
            sa.select(COURSES)
            .where(column.in_(keys), visible)
            .order_by(COURSES.c.created_at, COURSES.c.id)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Course]] = defaultdict(list)
        for row in rows:
            found[row.tutor_id if by_tutor else row.subject_id].append(course_of(row))
        return {key: tuple(found.get(key, ())) for key in keys}

    async def lessons_of(self, course_ids: Sequence[str]) -> Mapping[str, tuple[Lesson, ...]]:
        query = (
            sa.select(LESSONS)
            .where(LESSONS.c.course_id.in_(list(course_ids)))
            .order_by(LESSONS.c.course_id, LESSONS.c.position)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Lesson]] = defaultdict(list)
        for row in rows:
            found[row.course_id].append(lesson_of(row))
        return {course: tuple(found.get(course, ())) for course in course_ids}

    async def enroll(self, enrollment: Enrollment) -> Enrollment:
        """Enrolls the student (after their payment succeeded) in a published course, once."""
        published = sa.select(COURSES.c.id).where(
            COURSES.c.id == enrollment.course_id, COURSES.c.published.is_(True)
        )
        row = sa.select(
            sa.literal(enrollment.id),
            COURSES.c.id,
            sa.literal(enrollment.student_id),
            sa.literal(enrollment.payment_id),
            sa.literal(enrollment.enrolled_at),
        ).where(COURSES.c.id.in_(published))
        insert = sa.insert(ENROLLMENTS).from_select(
            ["id", "course_id", "student_id", "payment_id", "enrolled_at"], row
        )
        try:
            async with self._deadline(), self._engine.begin() as conn:
                if (await conn.execute(insert)).rowcount == 0:
                    raise NotFound("no such published course")
        except IntegrityError:
            raise Conflict("already enrolled in this course", code="ALREADY_ENROLLED") from None
        return enrollment

    async def enrollments_of(
        self, student_ids: Sequence[str]
    ) -> Mapping[str, tuple[Enrollment, ...]]:
        query = (
            sa.select(ENROLLMENTS)
            .where(ENROLLMENTS.c.student_id.in_(list(student_ids)))
            .order_by(ENROLLMENTS.c.enrolled_at, ENROLLMENTS.c.id)
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Enrollment]] = defaultdict(list)
        for row in rows:
            found[row.student_id].append(enrollment_of(row))
        return {student: tuple(found.get(student, ())) for student in student_ids}

    async def complete_lesson(
        self, enrollment_id: str, lesson_id: str, student_id: str
    ) -> Progress:
        """Marks the lesson done for the student's own enrollment (once; again is a no-op);
        NotFound when the enrollment is not theirs or the lesson not of its course."""
        matching = (
            sa.select(ENROLLMENTS.c.id, LESSONS.c.id)
            .join(LESSONS, LESSONS.c.course_id == ENROLLMENTS.c.course_id)
            .where(
                ENROLLMENTS.c.id == enrollment_id,
                ENROLLMENTS.c.student_id == student_id,
                LESSONS.c.id == lesson_id,
            )
        )
        insert = (
            postgresql.insert(PROGRESS)
            .from_select(["enrollment_id", "lesson_id"], matching)
            .on_conflict_do_nothing()
        )
        async with self._deadline(), self._engine.begin() as conn:
            await conn.execute(insert)
            done = await conn.execute(
                sa.select(PROGRESS.c.lesson_id).where(
                    PROGRESS.c.enrollment_id == enrollment_id, PROGRESS.c.lesson_id == lesson_id
                )
            )
            if done.first() is None:
                raise NotFound("no such lesson in your enrollment")
        return (await self.progress([enrollment_id]))[enrollment_id]

    async def progress(self, enrollment_ids: Sequence[str]) -> Mapping[str, Progress]:
        """Each enrollment's completed lessons (in course order) and its course's lesson count."""
        completed = (
            sa.select(PROGRESS.c.enrollment_id, PROGRESS.c.lesson_id)
            .join(LESSONS, LESSONS.c.id == PROGRESS.c.lesson_id)
            .where(PROGRESS.c.enrollment_id.in_(list(enrollment_ids)))
            .order_by(LESSONS.c.position)
        )
        counts = (
            sa.select(ENROLLMENTS.c.id, sa.func.count(LESSONS.c.id))
            .outerjoin(LESSONS, LESSONS.c.course_id == ENROLLMENTS.c.course_id)
            .where(ENROLLMENTS.c.id.in_(list(enrollment_ids)))
            .group_by(ENROLLMENTS.c.id)
        )
        async with self._deadline(), self._engine.connect() as conn:
            done_rows = (await conn.execute(completed)).all()
            totals = {eid: int(n) for eid, n in (await conn.execute(counts)).all()}
        done: dict[str, list[str]] = defaultdict(list)
        for enrollment, lesson in done_rows:
            done[enrollment].append(lesson)
        return {
            e: Progress(
                enrollment_id=e, completed_lesson_ids=tuple(done[e]), lesson_count=totals[e]
            )
            for e in enrollment_ids
            if e in totals
        }

    async def may_review(self, student_id: str, course_id: str) -> bool:
        """Whether the student may review the course: enrolled, one lesson completed at least."""
        query = (
            sa.select(sa.func.count())
            .select_from(PROGRESS.join(ENROLLMENTS, ENROLLMENTS.c.id == PROGRESS.c.enrollment_id))
            .where(ENROLLMENTS.c.student_id == student_id, ENROLLMENTS.c.course_id == course_id)
        )
        async with self._deadline(), self._engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one()) > 0

    async def reset(self) -> None:
        """Deletes everything (tests and the seed start from empty)."""
        async with self._engine.begin() as conn:
            await conn.execute(sa.text("TRUNCATE progress, enrollments, lessons, courses"))

    async def _authored(
        self, conn: AsyncConnection, course_id: str, author_id: str, *, lock: bool
    ) -> sa.Row[Any]:
        query = sa.select(COURSES).where(COURSES.c.id == course_id)
        row = (await conn.execute(query.with_for_update() if lock else query)).first()
        if row is None:
            raise NotFound("no such course")
        if row.tutor_id != author_id:
            raise Forbidden("only the course's author edits it")
        return row
