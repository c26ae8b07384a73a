"""Bookings wait for payment: PENDING_PAYMENT holds the slot until paid (then CONFIRMED).

A pending booking holds its slot like a confirmed one (the exclusion constraint covers both)
until `hold_until`; past it, the next booking of an overlapping slot cancels the stale hold in
its own transaction. `payment_id` is the payment that confirmed it (one booking per payment);
`cancelled_at` when it was cancelled, which the refund policy reads; `refund_notice_sent_at`
when payments acknowledged the cancellation of a paid booking (null: still to send).

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


def upgrade() -> None:
    op.add_column("bookings", sa.Column("payment_id", sa.Text, unique=True))
    op.add_column("bookings", sa.Column("hold_until", sa.DateTime(timezone=True)))
    op.add_column("bookings", sa.Column("cancelled_at", sa.DateTime(timezone=True)))
    op.add_column("bookings", sa.Column("refund_notice_sent_at", sa.DateTime(timezone=True)))
    op.drop_constraint("bookings_status", "bookings", type_="check")
    op.create_check_constraint(
        "bookings_status", "bookings", "status IN ('PENDING_PAYMENT', 'CONFIRMED', 'CANCELLED')"
    )
    op.create_check_constraint(
        "bookings_pending_has_hold", "bookings", "status <> 'PENDING_PAYMENT' OR hold_until IS NOT NULL"
    )
    op.execute("ALTER TABLE bookings DROP CONSTRAINT bookings_no_double_booking")
    op.execute(
        "ALTER TABLE bookings ADD CONSTRAINT bookings_no_double_booking "
        "EXCLUDE USING gist (tutor_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
        "WHERE (status IN ('PENDING_PAYMENT', 'CONFIRMED'))"
    )
    # What the refund sweep looks for: paid bookings cancelled whose notice is not yet sent.
    op.create_index(
        "bookings_refund_notices_due",
        "bookings",
        ["cancelled_at"],
        postgresql_where=sa.text(
            "status = 'CANCELLED' AND payment_id IS NOT NULL AND refund_notice_sent_at IS NULL"
        ),
    )


def downgrade() -> None:
    op.drop_index("bookings_refund_notices_due", "bookings")
    op.execute("ALTER TABLE bookings DROP CONSTRAINT bookings_no_double_booking")
    op.execute("UPDATE bookings SET status = 'CANCELLED' WHERE status = 'PENDING_PAYMENT'")
    op.execute(
        "ALTER TABLE bookings ADD CONSTRAINT bookings_no_double_booking "
        "EXCLUDE USING gist (tutor_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
        "WHERE (status = 'CONFIRMED')"
    )
    op.drop_constraint("bookings_pending_has_hold", "bookings", type_="check")
    op.drop_constraint("bookings_status", "bookings", type_="check")
    op.create_check_constraint("bookings_status", "bookings", "status IN ('CONFIRMED', 'CANCELLED')")
    for column in ("refund_notice_sent_at", "cancelled_at", "hold_until", "payment_id"):
        op.drop_column("bookings", column)
