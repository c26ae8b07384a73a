"""The federation entities this subgraph owns (Course, Enrollment) or extends (Tutor, Subject,
User with their courses and enrollments)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry

from shared.subgraph import described
from shared.subgraph.money import Money
from shared.subgraph.pagination import (
    DEFAULT_FIRST,
    Connection,
    check_first,
    connection,
    slice_after,
)
from subgraphs.learning.context import LearningInfo
from subgraphs.learning.loaders import Drafts
from subgraphs.learning.model import Course as CourseRow
from subgraphs.learning.model import Enrollment as EnrollmentRow
from subgraphs.learning.model import Level
from subgraphs.learning.model import Progress as ProgressRow
from subgraphs.learning.ownership import (
    may_see_course,
    may_see_enrollment,
    require_enrollments_reader,
)
from subgraphs.learning.validation import COURSE_CURSORS, ENROLLMENT_CURSORS
from subgraphs.learning.values import Lesson, Payment, Progress, money

__all__ = ["Course", "Enrollment", "Subject", "Tutor", "User", "course_page"]


def course_page(rows: Sequence[CourseRow], first: int, after: str | None) -> Connection[Course]:
    """One page of courses sorted by (createdAt, id)."""
    limit = check_first(first)
    key = None if after is None else COURSE_CURSORS.decode(after)
    page = slice_after(rows, first=limit, after=key, key=lambda c: (c.created_at, c.id))
    return connection(
        page.items,
        node=Course.of,
        cursor=lambda c: COURSE_CURSORS.encode(c.created_at, c.id),
        has_next_page=page.has_next_page,
        after=after,
        total_count=len(rows),
    )


# Stubs of entities owned elsewhere carry no description: the owner's description wins.
@strawberry.federation.type(keys=["id"])
class Tutor:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Tutor:
        # `courses` depends on the viewer and batches itself through `loaders.tutor_courses`.
        return cls(id=id)

    @described.field(
        description="The tutor's published courses, oldest first; the tutor themself (and "
        "admins) also see the drafts."
    )
    async def courses(
        self, info: LearningInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Course]:
        check_first(first)
        drafts = Drafts.for_viewer(info.context.viewer)
        rows = await info.context.loaders.tutor_courses.load((str(self.id), drafts))
        return course_page(rows, first, after)


@strawberry.federation.type(keys=["id"])
class Subject:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Subject:
        return cls(id=id)

    @described.field(description="Published courses about this subject, oldest first.")
    async def courses(
        self, info: LearningInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Course]:
        check_first(first)
        rows = await info.context.loaders.subject_courses.load(str(self.id))
        return course_page(rows, first, after)


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id)

    @described.field(
        description="Courses this user enrolled in, by enrollment time, then id. Only the user "
        "themself and admins may read them.",
        authenticated=True,
    )
    async def enrollments(
        self, info: LearningInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Enrollment]:
        require_enrollments_reader(info.context.viewer, str(self.id))
        limit = check_first(first)
        key = None if after is None else ENROLLMENT_CURSORS.decode(after)
        rows = await info.context.loaders.user_enrollments.load(str(self.id))
        page = slice_after(rows, first=limit, after=key, key=lambda e: (e.enrolled_at, e.id))
        return connection(
            page.items,
            node=Enrollment.of,
            cursor=lambda e: ENROLLMENT_CURSORS.encode(e.enrolled_at, e.id),
            has_next_page=page.has_next_page,
            after=after,
            total_count=len(rows),
        )

    @described.field(
        description="This user's enrollment in the course; null when not enrolled. Only the "
        "user themself and admins may read it.",
        authenticated=True,
    )
    async def enrollment(self, info: LearningInfo, course_id: strawberry.ID) -> Enrollment | None:
        require_enrollments_reader(info.context.viewer, str(self.id))
        rows = await info.context.loaders.user_enrollments.load(str(self.id))
        found = next((e for e in rows if e.course_id == str(course_id)), None)
        return None if found is None else Enrollment.of(found)


@strawberry.federation.type(
    keys=["id"],
    description="A course a tutor wrote: lessons in order, sold at one price. Unpublished "
    "courses (drafts) are visible only to their author and admins.",
)
class Course:
    id: strawberry.ID
    title: str
    description: str
    level: Level
    price: Money
    published: bool
    created_at: datetime
    tutor_id: strawberry.Private[str]
    subject_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: CourseRow) -> Course:
        return cls(
            id=strawberry.ID(row.id),
            title=row.title,
            description=row.description,
            level=row.level,
            price=money(row.price_minor, row.currency),
            published=row.published,
            created_at=row.created_at,
            tutor_id=row.tutor_id,
            subject_id=row.subject_id,
        )

    @classmethod
    async def resolve_reference(cls, info: LearningInfo, id: strawberry.ID) -> Course | None:
        row = await info.context.loaders.course.load(str(id))
        if row is None or not may_see_course(info.context.viewer, row):
            return None
        return cls.of(row)

    @described.field(description="The lessons, in order.")
    async def lessons(self, info: LearningInfo) -> list[Lesson]:
        return [Lesson.of(row) for row in await info.context.loaders.lessons.load(str(self.id))]

    @strawberry.field
    async def lesson_count(self, info: LearningInfo) -> int:
        return len(await info.context.loaders.lessons.load(str(self.id)))

    @described.field(description="The author.")
    def tutor(self) -> Tutor:
        return Tutor(id=strawberry.ID(self.tutor_id))

    @strawberry.field
    def subject(self) -> Subject:
        return Subject(id=strawberry.ID(self.subject_id))


@strawberry.federation.type(
    keys=["id"], description="A student's place in a course, bought with one payment."
)
class Enrollment:
    id: strawberry.ID
    enrolled_at: datetime
    course_id: strawberry.Private[str]
    student_id: strawberry.Private[str]
    payment_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: EnrollmentRow) -> Enrollment:
        return cls(
            id=strawberry.ID(row.id),
            enrolled_at=row.enrolled_at,
            course_id=row.course_id,
            student_id=row.student_id,
            payment_id=row.payment_id,
        )

    @classmethod
    async def resolve_reference(cls, info: LearningInfo, id: strawberry.ID) -> Enrollment | None:
        """Visible to its student, the course's author and admins; null to anyone else."""
        loaders = info.context.loaders
        row = await loaders.enrollment.load(str(id))
        course = None if row is None else await loaders.course.load(row.course_id)
        if row is None or course is None:
            return None
        return cls.of(row) if may_see_enrollment(info.context.viewer, row, course) else None

    @strawberry.field
    async def course(self, info: LearningInfo) -> Course:
        row = await info.context.loaders.course.load(self.course_id)
        # Enrollments reference their course by a foreign key: it is always there.
        assert row is not None, self.course_id
        return Course.of(row)

    @strawberry.field
    def student(self) -> User:
        return User(id=strawberry.ID(self.student_id))

    @described.field(description="The payment that bought the enrollment (payments owns it).")
    def payment(self) -> Payment:
        return Payment(id=strawberry.ID(self.payment_id))

    @strawberry.field
    async def progress(self, info: LearningInfo) -> Progress:
        row = await info.context.loaders.progress.load(str(self.id))
        if row is None:  # nothing is ever deleted; only a concurrent reset gets here
            row = ProgressRow(enrollment_id=str(self.id), completed_lesson_ids=(), lesson_count=0)
        return Progress.of(row)
