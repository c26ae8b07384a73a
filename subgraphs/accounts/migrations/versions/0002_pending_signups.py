"""Sign-ups waiting for their address to be confirmed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A row per sign-up whose confirmation mail went out; the user is created from it when the
    # token in the mail comes back. Only the token's SHA-256 is stored.
    op.create_table(
        "pending_signups",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('STUDENT', 'TUTOR')", name="ck_pending_signups_role"
        ),
    )
    op.create_index("ix_pending_signups_email_lower", "pending_signups", [sa.text("lower(email)")])
    op.create_index("ix_pending_signups_expires_at", "pending_signups", ["expires_at"])


def downgrade() -> None:
    op.drop_table("pending_signups")
