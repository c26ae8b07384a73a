"""Helpers of the reviews tests: a GraphQL caller with optional sign-in, review factories, and
what makes a student eligible: lessons in scheduling, enrollments in learning.

A signed-in call carries the identity headers our gateway forwards (`secret` is the gateway's
shared secret).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.auth import Viewer
from subgraphs.learning.model import Course, Enrollment, Level
from subgraphs.learning.store import Store as LearningStore
from subgraphs.reviews.enrollments import CourseProgress
from subgraphs.reviews.model import NewReview
from subgraphs.scheduling.model import Booking, BookingStatus
from subgraphs.scheduling.store import Store as SchedulingStore
from tests.support.identity import gateway_identity_headers

TEST_DATABASE = "reviews_test"
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    client: httpx.AsyncClient
    secret: str

    async def call(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        as_user: str | None = None,
        role: str = "STUDENT",
    ) -> dict[str, Any]:
        # ensure_ascii escapes lone surrogates, so tests can send what a hostile client could.
        payload = json.dumps({"query": query, "variables": dict(variables or {})})
        headers = {"Content-Type": "application/json"}
        if as_user is not None:
            viewer = Viewer(user_id=as_user, role=role)
            headers.update(gateway_identity_headers(viewer, self.secret))
        response = await self.client.post(
            "/graphql", content=payload.encode("ascii"), headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def codes(body: Mapping[str, Any]) -> list[str]:
    """The `extensions.code` of every error, checking that none leaks a stack trace."""
    errors = body.get("errors") or []
    for error in errors:
        assert "Traceback" not in str(error)
        assert "stacktrace" not in str(error.get("extensions", {}))
    return [e["extensions"]["code"] for e in errors]


def review(
    n: int,
    *,
    tutor: str = "tutor-0001",
    course: str | None = None,
    author: str | None = None,
    rating: int = 5,
    at: datetime | None = None,
) -> NewReview:
    """Review number `n`, of `tutor` or else of `course`; by default each by its own author,
    one hour apart, newest last."""
    return NewReview(
        id=f"review-t{n:04d}",
        tutor_id=tutor if course is None else None,
        course_id=course,
        author_id=author or f"user-{1000 + n:04d}",
        rating=rating,
        comment=f"Comment number {n}.",
        created_at=at or T0 + timedelta(hours=n),
    )


@dataclass(slots=True, kw_only=True)
class Lessons:
    """Bookings in the scheduling subgraph reviews asks: what makes a student eligible."""

    store: SchedulingStore
    made: int = 0

    async def add(
        self,
        student: str,
        tutor: str,
        *,
        ended_ago: timedelta = timedelta(hours=1),
        length: timedelta = timedelta(hours=1),
        status: BookingStatus = BookingStatus.CONFIRMED,
    ) -> Booking:
        """A lesson of `student` with `tutor` that ended `ended_ago` (negative: ends later)."""
        self.made += 1
        # Lessons of one test two hours apart: a tutor's confirmed bookings may not overlap.
        apart = (self.made - 1) * timedelta(hours=2)
        now = datetime.now(UTC).replace(microsecond=0)
        end = now - ended_ago - apart if ended_ago > timedelta(0) else now - ended_ago + apart
        booking = Booking(
            id=f"booking-rt{self.made:04d}",
            tutor_id=tutor,
            student_id=student,
            start=end - length,
            end=end,
            status=status,
            created_at=end - length - timedelta(days=3),
        )
        return await self.store.insert_booking(booking, now)


@dataclass(slots=True, kw_only=True)
class Enrollments:
    """Courses and enrollments in the learning subgraph reviews asks; `asked` counts the
    questions reviews put to it (through `Counted`)."""

    store: LearningStore
    asked: int = 0

    async def enroll(
        self, student: str, course: str, *, completed: int = 0, lessons: int = 5
    ) -> None:
        """`student` in `course` (published, by tutor-0007, made when first named), with its
        first `completed` lessons done."""
        if not (await self.store.courses_by_id([course])).get(course):
            await self.store.create_course(
                Course(
                    id=course,
                    tutor_id="tutor-0007",
                    subject_id="subject-algebra",
                    title=f"Course {course}",
                    description="Step by step.",
                    level=Level.BEGINNER,
                    price_minor=4_900,
                    currency="USD",
                    published=False,
                    created_at=T0,
                )
            )
            for k in range(1, lessons + 1):
                await self.store.add_lesson(
                    course, "tutor-0007", lesson_id=f"lesson-{course}-{k}", title=f"Part {k}",
                    content="...", duration_minutes=30,
                )  # fmt: skip
            await self.store.edit_course(course, "tutor-0007", {"published": True})
        enrollment = await self.store.enroll(
            Enrollment(
                id=f"enrollment-{student}-{course}",
                course_id=course,
                student_id=student,
                payment_id=f"payment-{student}-{course}",
                enrolled_at=T0 + timedelta(days=1),
            )
        )
        for k in range(1, completed + 1):
            await self.store.complete_lesson(enrollment.id, f"lesson-{course}-{k}", student)


@dataclass(frozen=True, slots=True, kw_only=True)
class Counted:
    """`CourseProgress` that counts each question in `enrollments.asked`."""

    inner: CourseProgress
    enrollments: Enrollments

    async def completed_lessons(self, viewer: Viewer, course_id: str) -> int | None:
        self.enrollments.asked += 1
        return await self.inner.completed_lessons(viewer, course_id)
