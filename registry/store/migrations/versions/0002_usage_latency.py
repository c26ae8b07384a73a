"""Request durations in the usage counts.

Per hour, operation and client: a histogram (counts per bucket of
`registry.store.latency.BOUNDS_MS`, empty when no report carried durations) and their sum.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "usage",
        sa.Column(
            "latency_counts",
            ARRAY(sa.BigInteger),
            nullable=False,
            server_default=sa.text("'{}'::bigint[]"),
        ),
    )
    op.add_column(
        "usage",
        sa.Column("latency_ms", sa.Float, nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.drop_column("usage", "latency_ms")
    op.drop_column("usage", "latency_counts")
