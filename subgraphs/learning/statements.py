"""The larger SQL statements of the learning store, built here and run only by `store.Store`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from subgraphs.learning.model import Course, Enrollment, Lesson
from subgraphs.learning.tables import (
    COURSES,
    ENROLLMENTS,
    LESSONS,
    PROGRESS,
    course_values,
    enrollment_values,
    lesson_values,
)

COUNTS = sa.text(
    "SELECT (SELECT count(*) FROM courses) AS courses, "
    "(SELECT count(*) FROM lessons) AS lessons, "
    "(SELECT count(*) FROM enrollments) AS enrollments"
)

__all__ = [
    "COUNTS",
    "complete_if_enrolled",
    "completed_count",
    "completed_lessons",
    "courses_by",
    "enroll_if_published",
    "enrollments_in_order",
    "lesson_counts",
    "lessons_in_order",
    "published_courses",
    "seed_rows",
    "storable",
]


def storable(ids: Iterable[str]) -> list[str]:
    """Ids PostgreSQL text can hold; others (NUL, lone surrogates) cannot match any row."""
    out = []
    for i in ids:
        try:
            i.encode()
        except UnicodeEncodeError:
            continue
        if "\x00" not in i:
            out.append(i)
    return out


def courses_by(
    keys: Sequence[str], *, by_tutor: bool, unpublished_of: str | None, every_draft: bool
) -> sa.Select[Any]:
    """Courses of these tutors (or subjects), oldest first: the published ones, and drafts of
    the tutor `unpublished_of` (or every draft)."""
    column = COURSES.c.tutor_id if by_tutor else COURSES.c.subject_id
    visible: sa.ColumnElement[bool] = COURSES.c.published.is_(True)
    if every_draft:
        visible = sa.true()
    elif unpublished_of is not None:
        visible = sa.or_(visible, COURSES.c.tutor_id == unpublished_of)
    return (
        sa.select(COURSES)
        .where(column.in_(storable(keys)), visible)
        .order_by(COURSES.c.created_at, COURSES.c.id)
    )


def published_courses(
    *, subject_id: str | None, tutor_id: str | None, after: tuple[datetime, str] | None
) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The published courses (of a subject, of a tutor) after the key (created_at, id), oldest
    first, and how many there are in all."""
    conditions: list[sa.ColumnElement[bool]] = [COURSES.c.published.is_(True)]
    for column, value in ((COURSES.c.subject_id, subject_id), (COURSES.c.tutor_id, tutor_id)):
        if value is not None:
            conditions.append(column.in_(storable([value])))
    count = sa.select(sa.func.count()).select_from(COURSES).where(*conditions)
    if after is not None:
        key = sa.tuple_(sa.literal(after[0]), sa.literal(after[1]))
        conditions.append(sa.tuple_(COURSES.c.created_at, COURSES.c.id) > key)
    query = sa.select(COURSES).where(*conditions).order_by(COURSES.c.created_at, COURSES.c.id)
    return query, count


def lessons_in_order(course_ids: Sequence[str]) -> sa.Select[Any]:
    return (
        sa.select(LESSONS)
        .where(LESSONS.c.course_id.in_(storable(course_ids)))
        .order_by(LESSONS.c.course_id, LESSONS.c.position)
    )


def enrollments_in_order(student_ids: Sequence[str]) -> sa.Select[Any]:
    return (
        sa.select(ENROLLMENTS)
        .where(ENROLLMENTS.c.student_id.in_(storable(student_ids)))
        .order_by(ENROLLMENTS.c.enrolled_at, ENROLLMENTS.c.id)
    )


def enroll_if_published(enrollment: Enrollment) -> sa.Insert:
    """Inserts the enrollment when its course is published (no row otherwise)."""
    row = sa.select(
        sa.literal(enrollment.id),
        COURSES.c.id,
        sa.literal(enrollment.student_id),
        sa.literal(enrollment.payment_id),
        sa.literal(enrollment.enrolled_at),
    ).where(COURSES.c.id == enrollment.course_id, COURSES.c.published.is_(True))
    return sa.insert(ENROLLMENTS).from_select(
        ["id", "course_id", "student_id", "payment_id", "enrolled_at"], row
    )


def completed_lessons(enrollment_ids: Sequence[str]) -> sa.Select[Any]:
    """(enrollment, lesson) pairs completed, in course order."""
    return (
        sa.select(PROGRESS.c.enrollment_id, PROGRESS.c.lesson_id)
        .join(LESSONS, LESSONS.c.id == PROGRESS.c.lesson_id)
        .where(PROGRESS.c.enrollment_id.in_(storable(enrollment_ids)))
        .order_by(LESSONS.c.position)
    )


def lesson_counts(enrollment_ids: Sequence[str]) -> sa.Select[Any]:
    """(enrollment, how many lessons its course has) for each existing enrollment."""
    return (
        sa.select(ENROLLMENTS.c.id, sa.func.count(LESSONS.c.id))
        .outerjoin(LESSONS, LESSONS.c.course_id == ENROLLMENTS.c.course_id)
        .where(ENROLLMENTS.c.id.in_(storable(enrollment_ids)))
        .group_by(ENROLLMENTS.c.id)
    )


def complete_if_enrolled(enrollment_id: str, lesson_id: str, student_id: str) -> sa.Insert:
    """Records the lesson done when the enrollment is the student's and the lesson of its
    course; nothing when already recorded."""
    matching = (
        sa.select(ENROLLMENTS.c.id, LESSONS.c.id)
        .join(LESSONS, LESSONS.c.course_id == ENROLLMENTS.c.course_id)
        .where(
            ENROLLMENTS.c.id == enrollment_id,
            ENROLLMENTS.c.student_id == student_id,
            LESSONS.c.id == lesson_id,
        )
    )
    return (
        postgresql.insert(PROGRESS)
        .from_select(["enrollment_id", "lesson_id"], matching)
        .on_conflict_do_nothing()
    )


def completed_count(student_id: str, course_id: str) -> sa.Select[Any]:
    """How many lessons of the course the student completed."""
    return (
        sa.select(sa.func.count())
        .select_from(PROGRESS.join(ENROLLMENTS, ENROLLMENTS.c.id == PROGRESS.c.enrollment_id))
        .where(ENROLLMENTS.c.student_id == student_id, ENROLLMENTS.c.course_id == course_id)
    )


def seed_rows(
    courses: Iterable[Course],
    lessons: Iterable[Lesson],
    enrollments: Iterable[Enrollment],
    completed: Iterable[tuple[str, str]],
) -> list[tuple[sa.Table, list[dict[str, Any]]]]:
    """Each table with the rows to insert into it, in an order the foreign keys accept."""
    tables = [
        (COURSES, [course_values(c) for c in courses]),
        (LESSONS, [lesson_values(lesson) for lesson in lessons]),
        (ENROLLMENTS, [enrollment_values(e) for e in enrollments]),
        (PROGRESS, [{"enrollment_id": e, "lesson_id": lesson} for e, lesson in completed]),
    ]
    return [(table, values) for table, values in tables if values]
