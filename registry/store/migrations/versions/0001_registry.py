"""The registry's tables.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "graphs",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        _when("created_at"),
    )
    op.create_table(
        "variants",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("graph_id", sa.BigInteger, sa.ForeignKey("graphs.id"), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        _when("created_at"),
        sa.Column("current_composition_id", sa.BigInteger),
        sa.UniqueConstraint("graph_id", "name", name="ux_variants_graph_name"),
    )
    op.create_table(
        "subgraphs",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("variant_id", sa.BigInteger, sa.ForeignKey("variants.id"), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("current_version_id", sa.BigInteger),
        _when("created_at"),
        _when("deleted_at", nullable=True),
        sa.UniqueConstraint("variant_id", "name", name="ux_subgraphs_variant_name"),
    )
    op.create_table(
        "schema_versions",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("subgraph_id", sa.BigInteger, sa.ForeignKey("subgraphs.id"), nullable=False),
        sa.Column("sdl", sa.Text, nullable=False),
        sa.Column("sdl_hash", sa.String(64), nullable=False),
        sa.Column("routing_url", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("commit", sa.Text, nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_schema_versions_subgraph", "schema_versions", ["subgraph_id", "id"])
    op.create_table(
        "compositions",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("variant_id", sa.BigInteger, sa.ForeignKey("variants.id"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("supergraph_sdl", sa.Text),
        sa.Column("supergraph_hash", sa.String(64)),
        sa.Column("errors", JSONB, nullable=False),
        sa.Column("hints", JSONB, nullable=False),
        sa.Column("versions", JSONB, nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        _when("created_at"),
        sa.CheckConstraint("status IN ('SUCCEEDED', 'FAILED')", name="ck_compositions_status"),
    )
    op.create_index("ix_compositions_variant", "compositions", ["variant_id", "id"])
    op.create_foreign_key(
        "fk_variants_composition", "variants", "compositions", ["current_composition_id"], ["id"]
    )
    op.create_foreign_key(
        "fk_subgraphs_version", "subgraphs", "schema_versions", ["current_version_id"], ["id"]
    )
    op.create_table(
        "checks",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("variant_id", sa.BigInteger, sa.ForeignKey("variants.id"), nullable=False),
        sa.Column("subgraph", sa.String(64), nullable=False),
        sa.Column("sdl_hash", sa.String(64), nullable=False),
        sa.Column("context", sa.Text),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("commit", sa.Text, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("report", JSONB, nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "approvals",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("variant_id", sa.BigInteger, sa.ForeignKey("variants.id"), nullable=False),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        sa.Column("approved_by", sa.Text, nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("variant_id", "context", "change", name="ux_approvals_change"),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("graph", sa.String(64)),
        sa.Column("variant", sa.String(64)),
        _when("created_at"),
        _when("revoked_at", nullable=True),
        sa.CheckConstraint(
            "scope IN ('read', 'check', 'publish', 'admin')", name="ck_tokens_scope"
        ),
    )
    op.create_table(
        "operations",
        sa.Column("variant_id", sa.BigInteger, sa.ForeignKey("variants.id"), primary_key=True),
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("coordinates", JSONB, nullable=False),
        _when("first_seen"),
        _when("last_seen"),
    )
    op.create_table(
        "usage",
        sa.Column("variant_id", sa.BigInteger, sa.ForeignKey("variants.id"), primary_key=True),
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("client_name", sa.String(128), primary_key=True),
        sa.Column("client_version", sa.String(128), primary_key=True),
        sa.Column("hour", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("errors", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_usage_variant_hour", "usage", ["variant_id", "hour"])


def downgrade() -> None:
    for table in ("usage", "operations", "tokens", "approvals", "checks"):
        op.drop_table(table)
    op.drop_constraint("fk_subgraphs_version", "subgraphs")
    op.drop_constraint("fk_variants_composition", "variants")
    for table in ("compositions", "schema_versions", "subgraphs", "variants", "graphs"):
        op.drop_table(table)
