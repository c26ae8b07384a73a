"""Payments, the double-entry ledger of what they moved, and the provider events handled.

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


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("student_id", sa.Text, nullable=False),
        sa.Column("tutor_id", sa.Text, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("commission_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("provider_id", sa.Text, unique=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("purpose IN ('BOOKING', 'ENROLLMENT')", name="payments_purpose"),
        sa.CheckConstraint(
            "status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED')", name="payments_status"
        ),
        sa.CheckConstraint("amount_minor > 0", name="payments_positive_amount"),
        sa.CheckConstraint(
            "commission_minor BETWEEN 0 AND amount_minor", name="payments_commission_within"
        ),
    )
    # The database, not the app, guarantees one live payment per booking or enrollment: a
    # second attempt while one is pending or paid fails here, whatever the provider does.
    op.create_index(
        "payments_one_live_per_reference",
        "payments",
        ["purpose", "reference"],
        unique=True,
        postgresql_where=sa.text("status IN ('PENDING', 'SUCCEEDED')"),
    )
    op.create_index("payments_student", "payments", ["student_id", "created_at"])
    op.create_index("payments_tutor", "payments", ["tutor_id", "created_at"])
    op.create_table(
        "ledger_transactions",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("kind IN ('CHARGE', 'REFUND', 'PAYOUT')", name="ledger_kind"),
        # A payment is charged once and refunded once, however often the news arrives.
        sa.UniqueConstraint("kind", "reference", name="ledger_once_per_reference"),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column(
            "transaction_id",
            sa.BigInteger,
            sa.ForeignKey("ledger_transactions.id"),
            nullable=False,
        ),
        sa.Column("account", sa.Text, nullable=False),
        sa.Column("amount_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
    )
    op.create_index("ledger_entries_account", "ledger_entries", ["account", "currency"])
    op.create_index("ledger_entries_transaction", "ledger_entries", ["transaction_id"])
    # Webhook events already acted upon: the provider repeats deliveries.
    op.create_table(
        "provider_events",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column(
            "received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def downgrade() -> None:
    op.drop_table("provider_events")
    op.drop_table("ledger_entries")
    op.drop_table("ledger_transactions")
    op.drop_table("payments")
