"""The learning tables as SQLAlchemy Core sees them, and rows <-> domain values."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from subgraphs.learning.model import Course, Enrollment, Lesson, Level

__all__ = [
    "COURSES",
    "ENROLLMENTS",
    "LESSONS",
    "PROGRESS",
    "course_of",
    "course_values",
    "enrollment_of",
    "enrollment_values",
    "lesson_of",
    "lesson_values",
]

_METADATA = sa.MetaData()
# Mirrors of the migrated tables (migrations/versions own the DDL, constraints included).
COURSES = sa.Table(
    "courses",
    _METADATA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("tutor_id", sa.Text),
    sa.Column("subject_id", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("level", sa.Text),
    sa.Column("price_minor", sa.BigInteger),
    sa.Column("currency", sa.Text),
    sa.Column("published", sa.Boolean),
    sa.Column("created_at", sa.DateTime(timezone=True)),
)
LESSONS = sa.Table(
    "lessons",
    _METADATA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("course_id", sa.Text),
    sa.Column("position", sa.Integer),
    sa.Column("title", sa.Text),
    sa.Column("content", sa.Text),
    sa.Column("duration_minutes", sa.Integer),
)
ENROLLMENTS = sa.Table(
    "enrollments",
    _METADATA,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("course_id", sa.Text),
    sa.Column("student_id", sa.Text),
    sa.Column("payment_id", sa.Text),
    sa.Column("enrolled_at", sa.DateTime(timezone=True)),
)
PROGRESS = sa.Table(
    "progress",
    _METADATA,
    sa.Column("enrollment_id", sa.Text, primary_key=True),
    sa.Column("lesson_id", sa.Text, primary_key=True),
    sa.Column("completed_at", sa.DateTime(timezone=True)),
)


def course_of(row: sa.Row[Any]) -> Course:
    return Course(
        id=row.id,
        tutor_id=row.tutor_id,
        subject_id=row.subject_id,
        title=row.title,
        description=row.description,
        level=Level(row.level),
        price_minor=row.price_minor,
        currency=row.currency,
        published=row.published,
        created_at=row.created_at,
    )


def lesson_of(row: sa.Row[Any]) -> Lesson:
    return Lesson(
        id=row.id,
        course_id=row.course_id,
        position=row.position,
        title=row.title,
        content=row.content,
        duration_minutes=row.duration_minutes,
    )


def enrollment_of(row: sa.Row[Any]) -> Enrollment:
    return Enrollment(
        id=row.id,
        course_id=row.course_id,
        student_id=row.student_id,
        payment_id=row.payment_id,
        enrolled_at=row.enrolled_at,
    )


def course_values(c: Course) -> dict[str, Any]:
    return {
        "id": c.id,
        "tutor_id": c.tutor_id,
        "subject_id": c.subject_id,
        "title": c.title,
        "description": c.description,
        "level": c.level.value,
        "price_minor": c.price_minor,
        "currency": c.currency,
        "published": c.published,
        "created_at": c.created_at,
    }


def lesson_values(lesson: Lesson) -> dict[str, Any]:
    return {
        "id": lesson.id,
        "course_id": lesson.course_id,
        "position": lesson.position,
        "title": lesson.title,
        "content": lesson.content,
        "duration_minutes": lesson.duration_minutes,
    }


def enrollment_values(e: Enrollment) -> dict[str, Any]:
    return {
        "id": e.id,
        "course_id": e.course_id,
        "student_id": e.student_id,
        "payment_id": e.payment_id,
        "enrolled_at": e.enrolled_at,
    }
