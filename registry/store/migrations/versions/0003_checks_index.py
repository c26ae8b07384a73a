"""An index for a variant's checks, newest first.

The console lists a variant's checks a page at a time (`variant_id`, then `id` descending,
optionally filtered); without it each page scans every check of every variant.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_checks_variant", "checks", ["variant_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_checks_variant", table_name="checks")
