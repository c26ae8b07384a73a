"""Weekly availability rules and bookings, with the no-double-booking exclusion constraint.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # btree_gist lets one GiST index combine equality on tutor_id with range overlap.
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "availability_rules",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("tutor_id", sa.Text, nullable=False),
        sa.Column("weekday", sa.SmallInteger, nullable=False),
        sa.Column("start_time", sa.Time, nullable=False),
        sa.Column("end_time", sa.Time, nullable=False),
        sa.Column("timezone", sa.Text, nullable=False),
        sa.CheckConstraint("weekday BETWEEN 1 AND 7", name="availability_rules_weekday"),
    )
    op.create_index("availability_rules_tutor", "availability_rules", ["tutor_id"])
    op.create_table(
        "bookings",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("tutor_id", sa.Text, nullable=False),
        sa.Column("student_id", sa.Text, nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("end_at > start_at", name="bookings_positive_length"),
        sa.CheckConstraint("status IN ('CONFIRMED', 'CANCELLED')", name="bookings_status"),
    )
    # The database, not the app, guarantees that a tutor is never double-booked.
    op.execute(
        "ALTER TABLE bookings ADD CONSTRAINT bookings_no_double_booking "
        "EXCLUDE USING gist (tutor_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
        "WHERE (status = 'CONFIRMED')"
    )
    op.create_index("bookings_student_start", "bookings", ["student_id", "start_at"])


def downgrade() -> None:
    op.drop_table("bookings")
    op.drop_table("availability_rules")
