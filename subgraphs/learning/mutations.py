"""Root mutation fields: tutors write and publish courses; students enroll (with a payment
receipt) and complete lessons."""

from __future__ import annotations

import secrets
from typing import Any

import strawberry

from shared.errors import BadUserInput, Forbidden, NotFound
from shared.subgraph import described
from shared.subgraph.arguments import bad_argument
from subgraphs.learning.context import Context, LearningInfo
from subgraphs.learning.entities import Course, Enrollment
from subgraphs.learning.model import Course as CourseRow
from subgraphs.learning.model import Enrollment as EnrollmentRow
from subgraphs.learning.ownership import (
    author_of_new_course,
    is_admin,
    may_see_course,
    require_author,
    require_viewer,
)
from subgraphs.learning.validation import (
    MAX_CONTENT,
    MAX_DESCRIPTION,
    MAX_TITLE,
    check_duration,
    check_price,
    check_subject_id,
    check_text,
    check_tutor_id,
    is_course_id,
    is_lesson_id,
    read_receipt,
)
from subgraphs.learning.values import (
    AddLessonInput,
    CreateCourseInput,
    Lesson,
    UpdateCourseInput,
    money,
)

__all__ = ["Mutation"]

# Checked at the gateway from the token's scopes; the resolvers check authorship.
_AUTHORS = [["tutor"], ["admin"]]


def _new_id(kind: str) -> str:
    return f"{kind}-{secrets.token_hex(8)}"


async def _authored(ctx: Context, course_id: str) -> CourseRow:
    """The course, if the viewer may change it: NOT_FOUND for an unknown course (or a draft
    they may not see), FORBIDDEN for someone else's."""
    row = await ctx.loaders.course.load(course_id) if is_course_id(course_id) else None
    if row is None or not may_see_course(ctx.viewer, row):
        require_viewer(ctx.viewer)
        raise NotFound(f"no course {course_id[:80]!r}")
    require_author(ctx.viewer, row)
    return row


def _changes(input: UpdateCourseInput, current: CourseRow) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if input.title is not None:
        changes["title"] = check_text(input.title, "input.title", limit=MAX_TITLE)
    if input.description is not None:
        changes["description"] = check_text(
            input.description, "input.description", limit=MAX_DESCRIPTION, required=False
        )
    if input.level is not None:
        changes["level"] = input.level
    if input.price is not None or input.currency is not None:
        amount = input.price
        if amount is None:
            amount = money(current.price_minor, current.currency).amount
        currency = current.currency if input.currency is None else input.currency
        changes["price_minor"], changes["currency"] = check_price(amount, currency, prefix="input.")
    return changes


@strawberry.type
class Mutation:
    @described.mutation(
        description="Creates an unpublished course (a draft). A tutor writes for their own "
        "profile (tutor-N is user-N); an admin names the tutor in input.tutorId.",
        requires_scopes=_AUTHORS,
    )
    async def create_course(self, info: LearningInfo, input: CreateCourseInput) -> Course:
        ctx = info.context
        named = None if input.tutor_id is None else str(input.tutor_id)
        if named is not None:
            check_tutor_id(named, "input.tutorId")
        tutor_id = author_of_new_course(ctx.viewer, named)
        price_minor, currency = check_price(input.price, input.currency, prefix="input.")
        row = await ctx.store.create_course(
            CourseRow(
                id=_new_id("course"),
                tutor_id=tutor_id,
                subject_id=check_subject_id(str(input.subject_id), "input.subjectId"),
                title=check_text(input.title, "input.title", limit=MAX_TITLE),
                description=check_text(
                    input.description, "input.description", limit=MAX_DESCRIPTION, required=False
                ),
                level=input.level,
                price_minor=price_minor,
                currency=currency,
                published=False,
                created_at=ctx.clock(),
            )
        )
        return Course.of(row)

    @described.mutation(
        description="Changes a course's title, description, level or price: its author or an "
        "admin may.",
        requires_scopes=_AUTHORS,
    )
    async def update_course(
        self, info: LearningInfo, id: strawberry.ID, input: UpdateCourseInput
    ) -> Course:
        ctx = info.context
        current = await _authored(ctx, str(id))
        changes = _changes(input, current)
        row = await ctx.store.edit_course(current.id, current.tutor_id, changes)
        ctx.loaders.course.prime(row.id, row, force=True)
        return Course.of(row)

    @described.mutation(
        description="Appends a lesson at the end of a course: its author or an admin may.",
        requires_scopes=_AUTHORS,
    )
    async def add_lesson(
        self, info: LearningInfo, course_id: strawberry.ID, input: AddLessonInput
    ) -> Lesson:
        ctx = info.context
        course = await _authored(ctx, str(course_id))
        lesson = await ctx.store.add_lesson(
            course.id,
            course.tutor_id,
            lesson_id=_new_id("lesson"),
            title=check_text(input.title, "input.title", limit=MAX_TITLE),
            content=check_text(input.content, "input.content", limit=MAX_CONTENT),
            duration_minutes=check_duration(input.duration_minutes, "input.durationMinutes"),
        )
        ctx.loaders.lessons.clear_all()
        return Lesson.of(lesson)

    @described.mutation(
        description="Publishes a course, which then takes enrollments: its author or an admin "
        "may. A course without lessons cannot be published. Publishing again changes nothing.",
        requires_scopes=_AUTHORS,
    )
    async def publish_course(self, info: LearningInfo, id: strawberry.ID) -> Course:
        ctx = info.context
        course = await _authored(ctx, str(id))
        if not await ctx.loaders.lessons.load(course.id):
            raise bad_argument("id", "id names a course without lessons: add one to publish it")
        row = await ctx.store.edit_course(course.id, course.tutor_id, {"published": True})
        ctx.loaders.course.prime(row.id, row, force=True)
        return Course.of(row)

    @described.mutation(
        description="Enrolls the student a payment receipt names in the course it paid for. "
        "Payments delivers receipts (server to server, without a viewer); a signed-in viewer "
        "may deliver only their own. The same receipt again returns the same enrollment. A "
        "receipt that is not payments' own, or not for a course, is INVALID_RECEIPT."
    )
    async def enroll_in_course(self, info: LearningInfo, receipt: str) -> Enrollment:
        ctx = info.context
        paid = read_receipt(receipt, ctx.receipt_secret)
        viewer = ctx.viewer
        if viewer is not None and not is_admin(viewer) and viewer.user_id != paid.student_id:
            raise Forbidden("this receipt is another student's")
        course = await ctx.loaders.course.load(paid.reference)
        if course is not None and course.tutor_id != paid.tutor_id:
            raise BadUserInput(
                "receipt pays another tutor than the course's author",
                code="INVALID_RECEIPT",
                argument="receipt",
            )
        row = await ctx.store.enroll(
            EnrollmentRow(
                id=_new_id("enrollment"),
                course_id=paid.reference,
                student_id=paid.student_id,
                payment_id=paid.payment_id,
                enrolled_at=ctx.clock(),
            )
        )
        ctx.loaders.user_enrollments.clear_all()
        return Enrollment.of(row)

    @described.mutation(
        description="Marks a lesson of a course the viewer is enrolled in as completed; again "
        "changes nothing.",
        authenticated=True,
    )
    async def complete_lesson(
        self, info: LearningInfo, course_id: strawberry.ID, lesson_id: strawberry.ID
    ) -> Enrollment:
        ctx = info.context
        viewer = require_viewer(ctx.viewer)
        mine = await ctx.loaders.user_enrollments.load(viewer.user_id)
        enrollment = next((e for e in mine if e.course_id == str(course_id)), None)
        if enrollment is None:
            raise NotFound("you are not enrolled in this course")
        if not is_lesson_id(str(lesson_id)):
            raise NotFound("no such lesson in this course")
        progress = await ctx.store.complete_lesson(enrollment.id, str(lesson_id), viewer.user_id)
        ctx.loaders.progress.prime(enrollment.id, progress, force=True)
        return Enrollment.of(enrollment)
