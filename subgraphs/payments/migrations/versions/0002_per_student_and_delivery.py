"""One live payment per student for what they pay for, and the delivery of receipts.

A course is bought by many students: what may be paid only once is a booking, or one
student's enrollment in a course, so the uniqueness now includes the student (a booking has one
student anyway). `receipt_delivered_at` is when the subgraph that owns what was paid for
(scheduling for a booking, learning for a course) took the payment's receipt; null on a
succeeded payment means it is still to deliver, which the sweep does.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_LIVE = sa.text("status IN ('PENDING', 'SUCCEEDED')")


def upgrade() -> None:
    op.drop_index("payments_one_live_per_reference", "payments")
    op.create_index(
        "payments_one_live_per_reference",
        "payments",
        ["purpose", "reference", "student_id"],
        unique=True,
        postgresql_where=_LIVE,
    )
    op.add_column("payments", sa.Column("receipt_delivered_at", sa.DateTime(timezone=True)))
    op.create_index(
        "payments_receipts_due",
        "payments",
        ["created_at"],
        postgresql_where=sa.text("status = 'SUCCEEDED' AND receipt_delivered_at IS NULL"),
    )
    op.create_index("payments_reference", "payments", ["purpose", "reference"])


def downgrade() -> None:
    op.drop_index("payments_reference", "payments")
    op.drop_index("payments_receipts_due", "payments")
    op.drop_column("payments", "receipt_delivered_at")
    op.drop_index("payments_one_live_per_reference", "payments")
    op.create_index(
        "payments_one_live_per_reference",
        "payments",
        ["purpose", "reference"],
        unique=True,
        postgresql_where=_LIVE,
    )
