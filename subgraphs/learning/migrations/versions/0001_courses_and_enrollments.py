"""Courses and their ordered lessons, enrollments, and progress through the lessons.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_NOW = sa.func.now()


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("tutor_id", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("price_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column("published", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.CheckConstraint(
            "level IN ('BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT')", name="courses_level"
        ),
        sa.CheckConstraint("price_minor > 0", name="courses_positive_price"),
    )
    op.create_index("courses_tutor", "courses", ["tutor_id"])
    op.create_index("courses_subject", "courses", ["subject_id"])
    op.create_table(
        "lessons",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("course_id", sa.Text, sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.CheckConstraint("position >= 1", name="lessons_position"),
        sa.CheckConstraint("duration_minutes > 0", name="lessons_duration"),
        # One lesson per place in a course: concurrent appends cannot share a position.
        sa.UniqueConstraint("course_id", "position", name="lessons_one_per_position"),
    )
    op.create_table(
        "enrollments",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("course_id", sa.Text, sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("student_id", sa.Text, nullable=False),
        sa.Column("payment_id", sa.Text, nullable=False, unique=True),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.UniqueConstraint("course_id", "student_id", name="enrollments_once_per_student"),
    )
    op.create_index("enrollments_student", "enrollments", ["student_id"])
    op.create_table(
        "progress",
        sa.Column("enrollment_id", sa.Text, sa.ForeignKey("enrollments.id"), primary_key=True),
        sa.Column("lesson_id", sa.Text, sa.ForeignKey("lessons.id"), primary_key=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
    )


def downgrade() -> None:
    op.drop_table("progress")
    op.drop_table("enrollments")
    op.drop_table("lessons")
    op.drop_table("courses")
