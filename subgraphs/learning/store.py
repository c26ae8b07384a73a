"""All PostgreSQL access of the learning subgraph (SQLAlchemy Core over asyncpg).

The rules that must hold under concurrency are the database's: only the author's id matches
the conditional updates that edit a course; a course's lessons are appended under a lock on
the course's row, so their positions run 1, 2, … without gaps or repeats (and a unique
constraint backs it); a student enrolls in a course once (a unique constraint), only in a
published one; a completed lesson counts once, and only a lesson of the enrolled course, for
the enrollment's own student (one conditional insert).

`store_queries` (what /metrics shows, and what the N+1 tests read) counts every statement the
engine sends, at SQLAlchemy's `before_cursor_execute`.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.errors import Conflict, Forbidden, NotFound
from shared.subgraph.metrics import StoreQueries
from shared.subgraph.postgres import is_postgres_outage, postgres_engine
from shared.subgraph.timeouts import StoreTimeouts, store_deadline
from subgraphs.learning.migrations import migrate
from subgraphs.learning.model import Course, Enrollment, Lesson, Progress
from subgraphs.learning.settings import Settings
from subgraphs.learning.statements import (
    COUNTS,
    complete_if_enrolled,
    completed_count,
    completed_lessons,
    courses_by,
    enroll_if_published,
    enrollments_in_order,
    lesson_counts,
    lessons_in_order,
    published_courses,
    seed_rows,
    storable,
)
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

    def __init__(
        self,
        engine: AsyncEngine,
        timeouts: StoreTimeouts | None = None,
        store_queries: StoreQueries | None = None,
    ) -> None:
        self._engine = engine
        self._timeouts = timeouts or StoreTimeouts()
        self.store_queries = store_queries or StoreQueries()
        count = self.store_queries.counter("postgresql")
        sa.event.listen(engine.sync_engine, "before_cursor_execute", lambda *_: count())

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
        query = sa.select(COURSES).where(COURSES.c.id.in_(storable(ids)))
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {row.id: course_of(row) for row in rows}

    async def courses_by(
        self, *, tutor_ids: Sequence[str] = (), subject_ids: Sequence[str] = (),
        unpublished_of: str | None = None, every_draft: bool = False,
    ) -> Mapping[str, tuple[Course, ...]]:  # fmt: skip
        """Published courses per tutor or per subject, in one query, oldest first; courses of
        the tutor `unpublished_of` are listed unpublished too (authors see their drafts), and
        every draft with `every_draft` (admins)."""
        by_tutor = bool(tutor_ids)
        keys = list(tutor_ids if by_tutor else subject_ids)
        query = courses_by(
            keys, by_tutor=by_tutor, unpublished_of=unpublished_of, every_draft=every_draft
        )
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Course]] = defaultdict(list)
        for row in rows:
            found[row.tutor_id if by_tutor else row.subject_id].append(course_of(row))
        return {key: tuple(found.get(key, ())) for key in keys}

    async def published_page(
        self, *, subject_id: str | None, tutor_id: str | None, first: int,
        after: tuple[datetime, str] | None,
    ) -> tuple[tuple[Course, ...], bool, int]:  # fmt: skip
        """One page of the published courses (of a subject, of a tutor), oldest first: the
        courses after the key `after`, whether more follow, and how many match in all."""
        query, count = published_courses(subject_id=subject_id, tutor_id=tutor_id, after=after)
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query.limit(first + 1))).all()
            total = int((await conn.execute(count)).scalar_one())
        courses = tuple(course_of(row) for row in rows)
        return courses[:first], len(courses) > first, total

    async def lessons_of(self, course_ids: Sequence[str]) -> Mapping[str, tuple[Lesson, ...]]:
        query = lessons_in_order(course_ids)
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        found: dict[str, list[Lesson]] = defaultdict(list)
        for row in rows:
            found[row.course_id].append(lesson_of(row))
        return {course: tuple(found.get(course, ())) for course in course_ids}

    async def enroll(self, enrollment: Enrollment) -> Enrollment:
        """Enrolls the student (after their payment succeeded) in a published course, once.

        The same payment again answers the enrollment it made, even when both arrive at once
        (a receipt delivered twice); another payment for the same course is ALREADY_ENROLLED.
        """
        insert = enroll_if_published(enrollment)
        try:
            async with self._deadline(), self._engine.begin() as conn:
                if (await conn.execute(insert)).rowcount == 0:
                    raise NotFound("no such published course")
        except IntegrityError:
            # The constraint waited for the other transaction: what it stored is visible now.
            query = sa.select(ENROLLMENTS).where(ENROLLMENTS.c.payment_id == enrollment.payment_id)
            async with self._deadline(), self._engine.connect() as conn:
                row = (await conn.execute(query)).first()
            earlier = None if row is None else enrollment_of(row)
            if earlier is None or (earlier.course_id, earlier.student_id) != (
                enrollment.course_id,
                enrollment.student_id,
            ):
                raise Conflict("already enrolled in this course", code="ALREADY_ENROLLED") from None
            return earlier
        return enrollment

    async def enrollments_by_id(self, ids: Sequence[str]) -> Mapping[str, Enrollment]:
        query = sa.select(ENROLLMENTS).where(ENROLLMENTS.c.id.in_(storable(ids)))
        async with self._deadline(), self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {row.id: enrollment_of(row) for row in rows}

    async def enrollments_of(
        self, student_ids: Sequence[str]
    ) -> Mapping[str, tuple[Enrollment, ...]]:
        query = enrollments_in_order(student_ids)
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
        insert = complete_if_enrolled(enrollment_id, lesson_id, student_id)
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
        async with self._deadline(), self._engine.connect() as conn:
            done_rows = (await conn.execute(completed_lessons(enrollment_ids))).all()
            counted = (await conn.execute(lesson_counts(enrollment_ids))).all()
        done: dict[str, list[str]] = defaultdict(list)
        for enrollment, lesson in done_rows:
            done[enrollment].append(lesson)
        return {
            e: Progress(enrollment_id=e, completed_lesson_ids=tuple(done[e]), lesson_count=int(n))
            for e, n in counted
        }

    async def may_review(self, student_id: str, course_id: str) -> bool:
        """Whether the student may review the course: enrolled, one lesson completed at least."""
        query = completed_count(student_id, course_id)
        async with self._deadline(), self._engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one()) > 0

    async def counts(self) -> tuple[int, int, int]:
        """How many courses, lessons and enrollments are stored, in one query."""
        async with self._deadline(), self._engine.connect() as conn:
            row = (await conn.execute(COUNTS)).one()
        return int(row.courses), int(row.lessons), int(row.enrollments)

    async def reset(self) -> None:
        """Deletes everything (tests and the seed start from empty)."""
        async with self._engine.begin() as conn:
            await conn.execute(sa.text("TRUNCATE progress, enrollments, lessons, courses"))

    async def load(
        self, courses: Iterable[Course], lessons: Iterable[Lesson],
        enrollments: Iterable[Enrollment], completed: Iterable[tuple[str, str]],
    ) -> None:  # fmt: skip
        """Bulk-inserts seed data in one transaction; `completed` holds (enrollment, lesson)."""
        async with self._engine.begin() as conn:
            for table, values in seed_rows(courses, lessons, enrollments, completed):
                await conn.execute(sa.insert(table), values)

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
