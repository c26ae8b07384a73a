"""The registry's tables (SQLModel): graphs → variants → subgraphs → schema versions, the
compositions of each variant, checks, approvals, tokens, and the usage gateways report.

The DDL, constraints and indexes are owned by the migrations (`store/migrations/versions`);
these classes mirror them for queries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Float, ForeignKey, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

__all__ = [
    "ApprovalRow",
    "CheckRow",
    "CompositionRow",
    "GraphRow",
    "OperationRow",
    "SchemaVersionRow",
    "SubgraphRow",
    "TokenRow",
    "UsageRow",
    "VariantRow",
]


def _when(*, nullable: bool = False) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=nullable))


def _id() -> Any:
    # Identity bigints in the migrations: declared so, an id is bound as a bigint in queries.
    return Field(default=None, sa_column=Column(BigInteger, primary_key=True))


def _json() -> Any:
    return Field(sa_column=Column(JSONB, nullable=False))


class GraphRow(SQLModel, table=True):
    __tablename__ = "graphs"

    id: int | None = _id()
    name: str = Field(max_length=64)
    created_at: datetime = _when()


class VariantRow(SQLModel, table=True):
    __tablename__ = "variants"

    id: int | None = _id()
    graph_id: int = Field(sa_column=Column(BigInteger, ForeignKey("graphs.id"), nullable=False))
    name: str = Field(max_length=64)
    created_at: datetime = _when()
    # The composition the variant serves: the last one that succeeded.
    current_composition_id: int | None = Field(default=None, sa_column=Column(BigInteger))


class SubgraphRow(SQLModel, table=True):
    __tablename__ = "subgraphs"

    id: int | None = _id()
    variant_id: int = Field(sa_column=Column(BigInteger, ForeignKey("variants.id"), nullable=False))
    name: str = Field(max_length=64)
    # The version in the served composition; None until one of its versions composes.
    current_version_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: datetime = _when()
    deleted_at: datetime | None = _when(nullable=True)


class SchemaVersionRow(SQLModel, table=True):
    __tablename__ = "schema_versions"

    id: int | None = _id()
    subgraph_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("subgraphs.id"), nullable=False)
    )
    sdl: str = Field(sa_column=Column(Text, nullable=False))
    sdl_hash: str = Field(max_length=64)
    routing_url: str = Field(sa_column=Column(Text, nullable=False))
    author: str = Field(sa_column=Column(Text, nullable=False))
    commit: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _when()


class CompositionRow(SQLModel, table=True):
    __tablename__ = "compositions"

    id: int | None = _id()
    variant_id: int = Field(sa_column=Column(BigInteger, ForeignKey("variants.id"), nullable=False))
    status: str = Field(max_length=16)  # SUCCEEDED | FAILED
    supergraph_sdl: str | None = Field(default=None, sa_column=Column(Text))
    supergraph_hash: str | None = Field(default=None, max_length=64)
    errors: list[dict[str, Any]] = _json()
    hints: list[dict[str, Any]] = _json()
    # {subgraph name: schema version id} of every subgraph the composition took.
    versions: dict[str, int] = _json()
    trigger: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _when()


class CheckRow(SQLModel, table=True):
    __tablename__ = "checks"

    id: int | None = _id()
    variant_id: int = Field(sa_column=Column(BigInteger, ForeignKey("variants.id"), nullable=False))
    subgraph: str = Field(max_length=64)
    sdl_hash: str = Field(max_length=64)
    context: str | None = Field(default=None, sa_column=Column(Text))
    author: str = Field(sa_column=Column(Text, nullable=False))
    commit: str = Field(sa_column=Column(Text, nullable=False))
    passed: bool
    report: dict[str, Any] = _json()
    created_at: datetime = _when()


class ApprovalRow(SQLModel, table=True):
    __tablename__ = "approvals"

    id: int | None = _id()
    variant_id: int = Field(sa_column=Column(BigInteger, ForeignKey("variants.id"), nullable=False))
    context: str = Field(sa_column=Column(Text, nullable=False))
    # `type:coordinate` of the approved change.
    change: str = Field(sa_column=Column(Text, nullable=False))
    approved_by: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _when()


class TokenRow(SQLModel, table=True):
    __tablename__ = "tokens"

    id: int | None = _id()
    name: str = Field(sa_column=Column(Text, nullable=False))
    # sha256 of the token: tokens are 256 random bits, so a fast hash is enough.
    token_hash: str = Field(max_length=64)
    scope: str = Field(max_length=16)  # read | check | publish | admin
    graph: str | None = Field(default=None, max_length=64)  # None: every graph
    variant: str | None = Field(default=None, max_length=64)  # None: every variant
    created_at: datetime = _when()
    revoked_at: datetime | None = _when(nullable=True)


class OperationRow(SQLModel, table=True):
    __tablename__ = "operations"

    variant_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("variants.id"), primary_key=True)
    )
    hash: str = Field(primary_key=True, max_length=64)
    name: str | None = Field(default=None, sa_column=Column(Text))
    document: str = Field(sa_column=Column(Text, nullable=False))
    coordinates: list[str] = _json()
    first_seen: datetime = _when()
    last_seen: datetime = _when()


class UsageRow(SQLModel, table=True):
    __tablename__ = "usage"

    variant_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("variants.id"), primary_key=True)
    )
    hash: str = Field(primary_key=True, max_length=64)
    client_name: str = Field(primary_key=True, max_length=128)  # "" when not sent
    client_version: str = Field(primary_key=True, max_length=128)
    hour: datetime = Field(sa_column=Column(DateTime(timezone=True), primary_key=True))
    count: int = Field(sa_column=Column(BigInteger, nullable=False))
    errors: int = Field(sa_column=Column(BigInteger, nullable=False))
    # Requests per `registry.store.latency` bucket (empty: no durations reported) and the sum.
    latency_counts: list[int] = Field(sa_column=Column(ARRAY(BigInteger), nullable=False))
    latency_ms: float = Field(sa_column=Column(Float, nullable=False))
