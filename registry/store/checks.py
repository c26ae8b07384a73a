"""Checks with their stored reports, and the approvals of their breaking findings per context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, assert_never, get_args

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
from registry.store.paging import newest_first

__all__ = [
    "OUTCOMES",
    "CheckFilter",
    "CheckQueries",
    "CheckRecord",
    "Outcome",
    "StoredCheck",
]


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


Outcome = Literal["passed", "failed", "approved"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckFilter:
    """Which checks a list keeps; None keeps every value."""

    subgraph: str | None = None
    # "approved": an admin approved its breaking findings (it then passes, unless it does not
    # compose); "passed" includes those.
    outcome: Outcome | None = None
    # "" keeps the checks run without a context.
    context: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        out: list[sa.ColumnElement[bool]] = []
        if self.subgraph is not None:
            out.append(CHECKS.c.subgraph == self.subgraph)
        match self.outcome:
            case "passed":
                out.append(CHECKS.c.passed.is_(True))
            case "failed":
                out.append(CHECKS.c.passed.is_(False))
            case "approved":
                out.append(CHECKS.c.report.has_key("approvedBy"))
            case None:
                pass
            case _:
                assert_never(self.outcome)
        if self.context == "":
            out.append(sa.or_(CHECKS.c.context.is_(None), CHECKS.c.context == ""))
        elif self.context is not None:
            out.append(CHECKS.c.context == self.context)
        return out


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

    async def checks(
        self,
        graph: str,
        variant: str,
        *,
        limit: int = 50,
        before: int | None = None,
        after: int | None = None,
        where: CheckFilter | None = None,
    ) -> list[StoredCheck]:
        """The variant's checks that `where` keeps, newest first: the newest `limit` with ids
        below `before`, or with `after` the `limit` just newer than check `after`."""
        query = sa.select(CHECKS)
        if where is not None:
            query = query.where(*where.conditions())
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = await newest_first(
                conn,
                query.where(CHECKS.c.variant_id == variant_id),
                CHECKS.c.id,
                limit=limit,
                before=before,
                after=after,
            )
        return [_stored(row, graph, variant) for row in rows]

    async def checked_subgraphs(self, graph: str, variant: str) -> list[str]:
        """The names of the subgraphs the variant has checks of, by name."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = await conn.execute(
                sa.select(CHECKS.c.subgraph)
                .where(CHECKS.c.variant_id == variant_id)
                .distinct()
                .order_by(CHECKS.c.subgraph)
            )
            return [row.subgraph for row in rows]

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
