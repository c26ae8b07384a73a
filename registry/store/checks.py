"""Checks with their stored reports, and the approvals of their breaking findings per context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from registry.store.base import (
    APPROVALS,
    CHECKS,
    GRAPHS,
    VARIANTS,
    NotFound,
    StoreBase,
    utc_now,
)

__all__ = ["CheckQueries", "CheckRecord", "StoredCheck"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRecord:
    subgraph: str
    sdl_hash: str
    context: str | None
    author: str
    commit: str
    passed: bool
    report: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredCheck:
    id: int
    graph: str
    variant: str
    record: CheckRecord
    created_at: datetime


def _stored(row: Any, graph: str, variant: str) -> StoredCheck:
    return StoredCheck(
        id=row.id,
        graph=graph,
        variant=variant,
        created_at=row.created_at,
        record=CheckRecord(
            subgraph=row.subgraph,
            sdl_hash=row.sdl_hash,
            context=row.context,
            author=row.author,
            commit=row.commit,
            passed=row.passed,
            report=row.report,
        ),
    )


class CheckQueries(StoreBase):
    # -- checks and approvals -------------------------------------------------------------

    async def save_check(self, graph: str, variant: str, record: CheckRecord) -> int:
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=True)
            return int(
                (
                    await conn.execute(
                        sa.insert(CHECKS)
                        .values(
                            variant_id=variant_id,
                            subgraph=record.subgraph,
                            sdl_hash=record.sdl_hash,
                            context=record.context,
                            author=record.author,
                            commit=record.commit,
                            passed=record.passed,
                            report=record.report,
                            created_at=utc_now(),
                        )
                        .returning(CHECKS.c.id)
                    )
                ).scalar_one()
            )

    async def check(self, check_id: int) -> StoredCheck:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(
                        CHECKS,
                        GRAPHS.c.name.label("graph"),
                        VARIANTS.c.name.label("variant"),
                    )
                    .join(VARIANTS, VARIANTS.c.id == CHECKS.c.variant_id)
                    .join(GRAPHS, GRAPHS.c.id == VARIANTS.c.graph_id)
                    .where(CHECKS.c.id == check_id)
                )
            ).first()
        if row is None:
            raise NotFound(f"no check {check_id}")
        return _stored(row, row.graph, row.variant)

    async def checks(self, graph: str, variant: str, *, limit: int = 50) -> list[StoredCheck]:
        """The variant's checks, newest first."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = (
                await conn.execute(
                    sa.select(CHECKS)
                    .where(CHECKS.c.variant_id == variant_id)
                    .order_by(CHECKS.c.id.desc())
                    .limit(limit)
                )
            ).all()
        return [_stored(row, graph, variant) for row in rows]

    async def update_check(self, check_id: int, *, passed: bool, report: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                sa.update(CHECKS)
                .where(CHECKS.c.id == check_id)
                .values(passed=passed, report=report)
            )

    async def approve(
        self, graph: str, variant: str, context: str, changes: Iterable[str], *, by: str
    ) -> None:
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=True)
            for change in changes:
                await conn.execute(
                    insert(APPROVALS)
                    .values(
                        variant_id=variant_id,
                        context=context,
                        change=change,
                        approved_by=by,
                        created_at=utc_now(),
                    )
                    .on_conflict_do_nothing(constraint="ux_approvals_change")
                )

    async def approved(self, graph: str, variant: str, context: str) -> set[str]:
        async with self.engine.connect() as conn:
            try:
                variant_id = await self._variant_id(conn, graph, variant, create=False)
            except NotFound:
                return set()
            rows = await conn.execute(
                sa.select(APPROVALS.c.change).where(
                    APPROVALS.c.variant_id == variant_id, APPROVALS.c.context == context
                )
            )
            return {row.change for row in rows}
