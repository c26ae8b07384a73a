"""Shared test helpers: run operations against the schema as a chosen viewer, sign receipts,
and put courses with lessons in the store."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from strawberry.types import ExecutionResult

from shared.auth import Viewer
from shared.receipts import Paid, Receipt, sign_receipt
from subgraphs.learning.context import Context
from subgraphs.learning.model import Course, Level
from subgraphs.learning.schema import schema
from subgraphs.learning.store import Store

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
AUTHOR = "tutor-0007"
AUTHOR_USER = Viewer(user_id="user-0007", role="TUTOR")
OTHER_TUTOR = Viewer(user_id="user-0008", role="TUTOR")
STUDENT = Viewer(user_id="user-0300", role="STUDENT")
OTHER_STUDENT = Viewer(user_id="user-0301", role="STUDENT")
ADMIN = Viewer(user_id="user-1001", role="ADMIN")


async def run(
    store: Store,
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    viewer: Viewer | None = None,
    secret: bytes,
    now: datetime = NOW,
) -> ExecutionResult:
    context = Context.for_request(store, viewer, lambda: now, secret)
    return await schema.execute(query, variable_values=dict(variables or {}), context_value=context)


def codes(result: ExecutionResult) -> list[str]:
    """The `extensions.code` of every error, after checking none leaks internals."""
    out = []
    for error in result.errors or []:
        formatted = error.formatted
        assert "Traceback" not in str(formatted)
        out.append((formatted.get("extensions") or {}).get("code"))
    return out


def receipt(
    secret: bytes,
    *,
    course: str = "course-1",
    student: str = STUDENT.user_id,
    payment: str = "payment-1",
    paid: Paid = Paid.ENROLLMENT,
    tutor: str = AUTHOR,
) -> str:
    """A receipt as payments signs it for a course payment (or a booking's, with `paid`)."""
    return sign_receipt(
        Receipt(
            payment_id=payment,
            paid=paid,
            reference=course,
            student_id=student,
            tutor_id=tutor,
            amount_minor=4_900,
            currency="USD",
            paid_at=NOW - timedelta(minutes=1),
        ),
        secret,
    )


async def put_course(
    store: Store,
    number: int = 1,
    *,
    lessons: int = 3,
    published: bool = True,
    tutor: str = AUTHOR,
    subject: str = "subject-algebra",
    created_at: datetime = NOW - timedelta(days=30),
) -> Course:
    """A course `course-<number>` with `lessons` lessons `lesson-<number>-<k>`, k from 1."""
    course = Course(
        id=f"course-{number}",
        tutor_id=tutor,
        subject_id=subject,
        title=f"Algebra {number}",
        description="Linear equations, step by step.",
        level=Level.BEGINNER,
        price_minor=4_900,
        currency="USD",
        published=False,
        created_at=created_at,
    )
    await store.create_course(course)
    for k in range(1, lessons + 1):
        await store.add_lesson(
            course.id, tutor, lesson_id=f"lesson-{number}-{k}", title=f"Part {k}",
            content="…", duration_minutes=30,
        )  # fmt: skip
    if published:
        course = await store.edit_course(course.id, tutor, {"published": True})
    return course


ENROLL = """mutation($receipt: String!) {
  enrollInCourse(receipt: $receipt) {
    id enrolledAt course { id } student { id } payment { id }
    progress { completedLessons lessonCount finished completedLessonIds }
  }
}"""
COMPLETE = """mutation($course: ID!, $lesson: ID!) {
  completeLesson(courseId: $course, lessonId: $lesson) {
    id progress { completedLessons lessonCount finished completedLessonIds }
  }
}"""
