"""What every part of the registry's store shares: table handles, the notification channels,
the engine, and the lookup of a variant's row (created on first use when asked)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registry.composing import Composed
from registry.model import (
    SubgraphSchema,
)
from registry.store.tables import (
    ApprovalRow,
    CheckRow,
    CompositionRow,
    GraphRow,
    OperationRow,
    SchemaVersionRow,
    SubgraphRow,
    TokenRow,
    UsageRow,
    VariantRow,
)

__all__ = [
    "APPROVALS",
    "CHECKS",
    "COMPOSITIONS",
    "GRAPHS",
    "OPERATIONS",
    "SUBGRAPHS",
    "SUPERGRAPH_CHANNEL",
    "TOKENS",
    "TOKEN_CHANNEL",
    "USAGE",
    "VARIANTS",
    "VERSIONS",
    "Composer",
    "NotFound",
    "StoreBase",
    "hash_token",
    "utc_now",
]

SUPERGRAPH_CHANNEL = "registry_supergraph"
TOKEN_CHANNEL = "registry_tokens"  # noqa: S105 - a channel name, not a secret

GRAPHS = GraphRow.__table__  # type: ignore[attr-defined]
VARIANTS = VariantRow.__table__  # type: ignore[attr-defined]
SUBGRAPHS = SubgraphRow.__table__  # type: ignore[attr-defined]
VERSIONS = SchemaVersionRow.__table__  # type: ignore[attr-defined]
COMPOSITIONS = CompositionRow.__table__  # type: ignore[attr-defined]
CHECKS = CheckRow.__table__  # type: ignore[attr-defined]
APPROVALS = ApprovalRow.__table__  # type: ignore[attr-defined]
TOKENS = TokenRow.__table__  # type: ignore[attr-defined]
OPERATIONS = OperationRow.__table__  # type: ignore[attr-defined]
USAGE = UsageRow.__table__  # type: ignore[attr-defined]

Composer = Callable[[Sequence[SubgraphSchema]], Composed]


class NotFound(LookupError):
    """The graph, variant, subgraph or check does not exist."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


class StoreBase:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    # -- graphs and variants --------------------------------------------------------------

    async def _variant_id(
        self, conn: AsyncConnection, graph: str, variant: str, *, create: bool, lock: bool = False
    ) -> int:
        if create:
            await conn.execute(
                insert(GRAPHS)
                .values(name=graph, created_at=utc_now())
                .on_conflict_do_nothing(index_elements=["name"])
            )
            graph_id = (
                await conn.execute(sa.select(GRAPHS.c.id).where(GRAPHS.c.name == graph))
            ).scalar_one()
            await conn.execute(
                insert(VARIANTS)
                .values(graph_id=graph_id, name=variant, created_at=utc_now())
                .on_conflict_do_nothing(constraint="ux_variants_graph_name")
            )
        query = (
            sa.select(VARIANTS.c.id)
            .join(GRAPHS, GRAPHS.c.id == VARIANTS.c.graph_id)
            .where(GRAPHS.c.name == graph, VARIANTS.c.name == variant)
        )
        if lock:
            query = query.with_for_update(of=VARIANTS)
        found = (await conn.execute(query)).scalar_one_or_none()
        if found is None:
            raise NotFound(f"no variant {graph}@{variant}")
        return int(found)

    async def graphs(self) -> list[tuple[str, list[str]]]:
        """Every graph with its variants, by name."""
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(GRAPHS.c.name, VARIANTS.c.name.label("variant"))
                    .select_from(GRAPHS)
                    .outerjoin(VARIANTS, VARIANTS.c.graph_id == GRAPHS.c.id)
                    .order_by(GRAPHS.c.name, VARIANTS.c.name)
                )
            ).all()
        out: dict[str, list[str]] = {}
        for row in rows:
            variants = out.setdefault(row.name, [])
            if row.variant is not None:
                variants.append(row.variant)
        return list(out.items())
