"""All PostgreSQL access of the registry (SQLAlchemy Core over asyncpg, on the SQLModel tables).

Publishing and deleting run in one transaction that first locks the variant's row
(`SELECT … FOR UPDATE`): two publishes to one variant run one after the other, each composing
with what the other committed, so no version is lost. A composition that succeeds becomes the
variant's served supergraph and `pg_notify('registry_supergraph', 'graph/variant')` tells
every registry process (delivered on commit); one that fails is recorded and changes nothing
that is served.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from registry.composing import Composed, sdl_hash
from registry.model import (
    Composition,
    CompositionProblem,
    Grant,
    PublishResult,
    SchemaVersion,
    Scope,
    ServedSupergraph,
    SubgraphSchema,
)
from registry.store.migrations import migrate
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
    "SUPERGRAPH_CHANNEL",
    "TOKEN_CHANNEL",
    "CheckRecord",
    "NotFound",
    "RecordedUsage",
    "RegistryStore",
    "StoredCheck",
    "UsedOperation",
    "hash_token",
]

SUPERGRAPH_CHANNEL = "registry_supergraph"
TOKEN_CHANNEL = "registry_tokens"  # noqa: S105 - a channel name, not a secret

_graphs = GraphRow.__table__  # type: ignore[attr-defined]
_variants = VariantRow.__table__  # type: ignore[attr-defined]
_subgraphs = SubgraphRow.__table__  # type: ignore[attr-defined]
_versions = SchemaVersionRow.__table__  # type: ignore[attr-defined]
_compositions = CompositionRow.__table__  # type: ignore[attr-defined]
_checks = CheckRow.__table__  # type: ignore[attr-defined]
_approvals = ApprovalRow.__table__  # type: ignore[attr-defined]
_tokens = TokenRow.__table__  # type: ignore[attr-defined]
_operations = OperationRow.__table__  # type: ignore[attr-defined]
_usage = UsageRow.__table__  # type: ignore[attr-defined]

Composer = Callable[[Sequence[SubgraphSchema]], Composed]


class NotFound(LookupError):
    """The graph, variant, subgraph or check does not exist."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedUsage:
    """One operation's usage as a gateway reports it (one client, one reporting window)."""

    hash: str
    name: str | None
    document: str
    coordinates: tuple[str, ...]
    client_name: str
    client_version: str
    count: int
    errors: int
    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class UsedOperation:
    """An operation seen in a window: its document, coordinates and use per client."""

    hash: str
    name: str | None
    document: str
    coordinates: tuple[str, ...]
    # "name@version" (or "unknown") → requests in the window
    clients: dict[str, int]
    count: int
    errors: int


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


def _composition(row: Any) -> Composition:
    return Composition(
        id=row.id,
        status=row.status,
        supergraph_hash=row.supergraph_hash,
        errors=tuple(CompositionProblem.from_json(e) for e in row.errors),
        hints=tuple(CompositionProblem.from_json(h) for h in row.hints),
        versions=dict(row.versions),
        trigger=row.trigger,
        created_at=row.created_at,
    )


def _version(row: Any, subgraph: str) -> SchemaVersion:
    return SchemaVersion(
        id=row.id,
        subgraph=subgraph,
        sdl=row.sdl,
        sdl_hash=row.sdl_hash,
        routing_url=row.routing_url,
        author=row.author,
        commit=row.commit,
        created_at=row.created_at,
    )


class RegistryStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    def connect(cls, url: str, *, pool_size: int = 10) -> RegistryStore:
        return cls(create_async_engine(url, pool_size=pool_size, pool_pre_ping=True))

    async def migrate(self) -> None:
        await migrate(self.engine)

    async def close(self) -> None:
        await self.engine.dispose()

    # -- tokens ---------------------------------------------------------------------------

    async def create_token(
        self, *, name: str, scope: Scope, graph: str | None, variant: str | None
    ) -> str:
        """A new random token (returned once; only its hash is stored)."""
        token = "rgt_" + secrets.token_urlsafe(32)
        await self.ensure_token(token, name=name, scope=scope, graph=graph, variant=variant)
        return token

    async def ensure_token(
        self, token: str, *, name: str, scope: Scope, graph: str | None, variant: str | None
    ) -> None:
        """Store `token` (a bootstrap token given by the operator) unless it is stored already."""
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(_tokens)
                .values(
                    name=name,
                    token_hash=hash_token(token),
                    scope=scope.label,
                    graph=graph,
                    variant=variant,
                    created_at=_now(),
                )
                .on_conflict_do_nothing(index_elements=["token_hash"])
            )
            await conn.execute(sa.select(sa.func.pg_notify(TOKEN_CHANNEL, "created")))

    async def revoke_tokens(self, name: str) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                sa.update(_tokens)
                .where(_tokens.c.name == name, _tokens.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            await conn.execute(sa.select(sa.func.pg_notify(TOKEN_CHANNEL, "revoked")))
            return int(result.rowcount)

    async def grant(self, token: str) -> Grant | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(_tokens).where(
                        _tokens.c.token_hash == hash_token(token), _tokens.c.revoked_at.is_(None)
                    )
                )
            ).first()
        if row is None:
            return None
        return Grant(
            name=row.name, scope=Scope.parse(row.scope), graph=row.graph, variant=row.variant
        )

    # -- graphs and variants --------------------------------------------------------------

    async def _variant_id(
        self, conn: AsyncConnection, graph: str, variant: str, *, create: bool, lock: bool = False
    ) -> int:
        if create:
            await conn.execute(
                insert(_graphs)
                .values(name=graph, created_at=_now())
                .on_conflict_do_nothing(index_elements=["name"])
            )
            graph_id = (
                await conn.execute(sa.select(_graphs.c.id).where(_graphs.c.name == graph))
            ).scalar_one()
            await conn.execute(
                insert(_variants)
                .values(graph_id=graph_id, name=variant, created_at=_now())
                .on_conflict_do_nothing(constraint="ux_variants_graph_name")
            )
        query = (
            sa.select(_variants.c.id)
            .join(_graphs, _graphs.c.id == _variants.c.graph_id)
            .where(_graphs.c.name == graph, _variants.c.name == variant)
        )
        if lock:
            query = query.with_for_update(of=_variants)
        found = (await conn.execute(query)).scalar_one_or_none()
        if found is None:
            raise NotFound(f"no variant {graph}@{variant}")
        return int(found)

    async def graphs(self) -> list[tuple[str, list[str]]]:
        """Every graph with its variants, by name."""
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(
                    sa.select(_graphs.c.name, _variants.c.name.label("variant"))
                    .select_from(_graphs)
                    .outerjoin(_variants, _variants.c.graph_id == _graphs.c.id)
                    .order_by(_graphs.c.name, _variants.c.name)
                )
            ).all()
        out: dict[str, list[str]] = {}
        for row in rows:
            variants = out.setdefault(row.name, [])
            if row.variant is not None:
                variants.append(row.variant)
        return list(out.items())

    # -- subgraphs ------------------------------------------------------------------------

    async def _current(self, conn: AsyncConnection, variant_id: int) -> dict[str, Any]:
        """name → current schema version row of every live subgraph of the variant."""
        rows = (
            await conn.execute(
                sa.select(_subgraphs.c.name, _versions)
                .join(_versions, _versions.c.id == _subgraphs.c.current_version_id)
                .where(_subgraphs.c.variant_id == variant_id, _subgraphs.c.deleted_at.is_(None))
            )
        ).all()
        return {row.name: row for row in rows}

    async def current_subgraphs(self, graph: str, variant: str) -> list[SchemaVersion]:
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            current = await self._current(conn, variant_id)
        return [_version(row, name) for name, row in sorted(current.items())]

    async def publish(
        self,
        graph: str,
        variant: str,
        schema: SubgraphSchema,
        *,
        author: str,
        commit: str,
        composer: Composer,
    ) -> PublishResult:
        """Record `schema` as the subgraph's new version and compose the variant with it.

        Identical SDL and routing URL as the current version: nothing happens (UNCHANGED).
        """
        digest = sdl_hash(schema.sdl)
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=True, lock=True)
            await conn.execute(
                insert(_subgraphs)
                .values(variant_id=variant_id, name=schema.name, created_at=_now())
                .on_conflict_do_nothing(constraint="ux_subgraphs_variant_name")
            )
            subgraph = (
                await conn.execute(
                    sa.select(_subgraphs).where(
                        _subgraphs.c.variant_id == variant_id, _subgraphs.c.name == schema.name
                    )
                )
            ).one()
            current = await self._current(conn, variant_id)
            mine = current.get(schema.name)
            if (
                mine is not None
                and mine.sdl_hash == digest
                and mine.routing_url == schema.routing_url
            ):
                served = await self._served_composition(conn, variant_id)
                return PublishResult(
                    outcome="UNCHANGED",
                    version=_version(mine, schema.name),
                    composition=served,
                    notes=(f"{schema.name} is unchanged: version {mine.id} stays current",),
                )
            version_id = (
                await conn.execute(
                    sa.insert(_versions)
                    .values(
                        subgraph_id=subgraph.id,
                        sdl=schema.sdl,
                        sdl_hash=digest,
                        routing_url=schema.routing_url,
                        author=author,
                        commit=commit,
                        created_at=_now(),
                    )
                    .returning(_versions.c.id)
                )
            ).scalar_one()
            inputs = [
                SubgraphSchema(name=name, routing_url=row.routing_url, sdl=row.sdl)
                for name, row in current.items()
                if name != schema.name
            ]
            inputs.append(schema)
            composed = await asyncio.to_thread(composer, inputs)
            versions = {name: int(row.id) for name, row in current.items()}
            versions[schema.name] = int(version_id)
            composition = await self._record_composition(
                conn,
                variant_id,
                composed,
                versions,
                trigger=f"publish {schema.name} (version {version_id})",
            )
            if composed.succeeded:
                await conn.execute(
                    sa.update(_subgraphs)
                    .where(_subgraphs.c.id == subgraph.id)
                    .values(current_version_id=version_id, deleted_at=None)
                )
                await self._serve(conn, variant_id, composition.id, f"{graph}/{variant}")
            version = (
                await conn.execute(sa.select(_versions).where(_versions.c.id == version_id))
            ).one()
            return PublishResult(
                outcome="PUBLISHED" if composed.succeeded else "COMPOSITION_FAILED",
                version=_version(version, schema.name),
                composition=composition,
            )

    async def delete_subgraph(
        self, graph: str, variant: str, name: str, *, author: str, composer: Composer
    ) -> Composition:
        """Remove `name` from the variant, if the others still compose without it."""
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False, lock=True)
            current = await self._current(conn, variant_id)
            if name not in current:
                raise NotFound(f"no subgraph {name!r} in {graph}@{variant}")
            inputs = [
                SubgraphSchema(name=other, routing_url=row.routing_url, sdl=row.sdl)
                for other, row in current.items()
                if other != name
            ]
            composed = await asyncio.to_thread(composer, inputs)
            versions = {other: int(row.id) for other, row in current.items() if other != name}
            composition = await self._record_composition(
                conn, variant_id, composed, versions, trigger=f"delete {name} by {author}"
            )
            if composed.succeeded:
                await conn.execute(
                    sa.update(_subgraphs)
                    .where(_subgraphs.c.variant_id == variant_id, _subgraphs.c.name == name)
                    .values(deleted_at=_now(), current_version_id=None)
                )
                await self._serve(conn, variant_id, composition.id, f"{graph}/{variant}")
            return composition

    async def _record_composition(
        self,
        conn: AsyncConnection,
        variant_id: int,
        composed: Composed,
        versions: dict[str, int],
        *,
        trigger: str,
    ) -> Composition:
        sdl = composed.supergraph_sdl
        row = (
            await conn.execute(
                sa.insert(_compositions)
                .values(
                    variant_id=variant_id,
                    status="SUCCEEDED" if sdl is not None else "FAILED",
                    supergraph_sdl=sdl,
                    supergraph_hash=None if sdl is None else sdl_hash(sdl),
                    errors=[e.as_json() for e in composed.errors],
                    hints=[h.as_json() for h in composed.hints],
                    versions=versions,
                    trigger=trigger,
                    created_at=_now(),
                )
                .returning(_compositions)
            )
        ).one()
        return _composition(row)

    async def _serve(
        self, conn: AsyncConnection, variant_id: int, composition_id: int, key: str
    ) -> None:
        await conn.execute(
            sa.update(_variants)
            .where(_variants.c.id == variant_id)
            .values(current_composition_id=composition_id)
        )
        await conn.execute(sa.select(sa.func.pg_notify(SUPERGRAPH_CHANNEL, key)))

    async def _served_composition(
        self, conn: AsyncConnection, variant_id: int
    ) -> Composition | None:
        row = (
            await conn.execute(
                sa.select(_compositions)
                .join(_variants, _variants.c.current_composition_id == _compositions.c.id)
                .where(_variants.c.id == variant_id)
            )
        ).first()
        return None if row is None else _composition(row)

    async def served_supergraph(self, graph: str, variant: str) -> ServedSupergraph | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(
                        _compositions.c.id,
                        _compositions.c.supergraph_sdl,
                        _compositions.c.supergraph_hash,
                    )
                    .join(_variants, _variants.c.current_composition_id == _compositions.c.id)
                    .join(_graphs, _graphs.c.id == _variants.c.graph_id)
                    .where(_graphs.c.name == graph, _variants.c.name == variant)
                )
            ).first()
        if row is None:
            return None
        return ServedSupergraph(
            sdl=row.supergraph_sdl, hash=row.supergraph_hash, composition_id=row.id
        )

    async def compositions(self, graph: str, variant: str, *, limit: int = 20) -> list[Composition]:
        """The variant's compositions, newest first."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = (
                await conn.execute(
                    sa.select(_compositions)
                    .where(_compositions.c.variant_id == variant_id)
                    .order_by(_compositions.c.id.desc())
                    .limit(limit)
                )
            ).all()
        return [_composition(row) for row in rows]

    async def versions(
        self, graph: str, variant: str, subgraph: str, *, limit: int = 20
    ) -> list[SchemaVersion]:
        """A subgraph's published versions, newest first (those that failed to compose too)."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = (
                await conn.execute(
                    sa.select(_versions)
                    .join(_subgraphs, _subgraphs.c.id == _versions.c.subgraph_id)
                    .where(_subgraphs.c.variant_id == variant_id, _subgraphs.c.name == subgraph)
                    .order_by(_versions.c.id.desc())
                    .limit(limit)
                )
            ).all()
        return [_version(row, subgraph) for row in rows]

    # -- usage ----------------------------------------------------------------------------

    async def record_usage(self, graph: str, variant: str, usage: Iterable[RecordedUsage]) -> int:
        """Add reported usage to the variant's hourly counts; the number of entries taken."""
        taken = 0
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            for item in usage:
                statement = insert(_operations).values(
                    variant_id=variant_id,
                    hash=item.hash,
                    name=item.name,
                    document=item.document,
                    coordinates=list(item.coordinates),
                    first_seen=item.at,
                    last_seen=item.at,
                )
                await conn.execute(
                    statement.on_conflict_do_update(
                        index_elements=["variant_id", "hash"],
                        set_={
                            "last_seen": sa.func.greatest(
                                _operations.c.last_seen, statement.excluded.last_seen
                            )
                        },
                    )
                )
                hour = item.at.replace(minute=0, second=0, microsecond=0)
                counted = insert(_usage).values(
                    variant_id=variant_id,
                    hash=item.hash,
                    client_name=item.client_name[:128],
                    client_version=item.client_version[:128],
                    hour=hour,
                    count=item.count,
                    errors=item.errors,
                )
                await conn.execute(
                    counted.on_conflict_do_update(
                        index_elements=[
                            "variant_id",
                            "hash",
                            "client_name",
                            "client_version",
                            "hour",
                        ],
                        set_={
                            "count": _usage.c.count + counted.excluded.count,
                            "errors": _usage.c.errors + counted.excluded.errors,
                        },
                    )
                )
                taken += 1
        return taken

    async def used_operations(
        self,
        graph: str,
        variant: str,
        *,
        window: timedelta,
        excluded_clients: Iterable[str] = (),
        now: datetime | None = None,
    ) -> list[UsedOperation]:
        """Operations used within `window` (hourly resolution), with their clients."""
        since = (now or _now()) - window
        excluded = set(excluded_clients)
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = (
                await conn.execute(
                    sa.select(
                        _operations.c.hash,
                        _operations.c.name,
                        _operations.c.document,
                        _operations.c.coordinates,
                        _usage.c.client_name,
                        _usage.c.client_version,
                        sa.func.sum(_usage.c.count).label("requests"),
                        sa.func.sum(_usage.c.errors).label("failed"),
                    )
                    .join(
                        _usage,
                        sa.and_(
                            _usage.c.variant_id == _operations.c.variant_id,
                            _usage.c.hash == _operations.c.hash,
                        ),
                    )
                    .where(
                        _operations.c.variant_id == variant_id,
                        _usage.c.hour >= since.replace(minute=0, second=0, microsecond=0),
                    )
                    .group_by(
                        _operations.c.hash,
                        _operations.c.name,
                        _operations.c.document,
                        _operations.c.coordinates,
                        _usage.c.client_name,
                        _usage.c.client_version,
                    )
                    .order_by(_operations.c.hash)
                )
            ).all()
        found: dict[str, UsedOperation] = {}
        for row in rows:
            if row.client_name in excluded:
                continue
            client = (
                f"{row.client_name}@{row.client_version}"
                if row.client_version
                else (row.client_name or "unknown")
            )
            known = found.get(row.hash)
            if known is None:
                known = found[row.hash] = UsedOperation(
                    hash=row.hash,
                    name=row.name,
                    document=row.document,
                    coordinates=tuple(row.coordinates),
                    clients={},
                    count=0,
                    errors=0,
                )
            known.clients[client] = known.clients.get(client, 0) + int(row.requests)
            found[row.hash] = UsedOperation(
                hash=known.hash,
                name=known.name,
                document=known.document,
                coordinates=known.coordinates,
                clients=known.clients,
                count=known.count + int(row.requests),
                errors=known.errors + int(row.failed),
            )
        return list(found.values())

    # -- checks and approvals -------------------------------------------------------------

    async def save_check(self, graph: str, variant: str, record: CheckRecord) -> int:
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=True)
            return int(
                (
                    await conn.execute(
                        sa.insert(_checks)
                        .values(
                            variant_id=variant_id,
                            subgraph=record.subgraph,
                            sdl_hash=record.sdl_hash,
                            context=record.context,
                            author=record.author,
                            commit=record.commit,
                            passed=record.passed,
                            report=record.report,
                            created_at=_now(),
                        )
                        .returning(_checks.c.id)
                    )
                ).scalar_one()
            )

    async def check(self, check_id: int) -> StoredCheck:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(
                        _checks, _graphs.c.name.label("graph"), _variants.c.name.label("variant")
                    )
                    .join(_variants, _variants.c.id == _checks.c.variant_id)
                    .join(_graphs, _graphs.c.id == _variants.c.graph_id)
                    .where(_checks.c.id == check_id)
                )
            ).first()
        if row is None:
            raise NotFound(f"no check {check_id}")
        return StoredCheck(
            id=row.id,
            graph=row.graph,
            variant=row.variant,
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

    async def update_check(self, check_id: int, *, passed: bool, report: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                sa.update(_checks)
                .where(_checks.c.id == check_id)
                .values(passed=passed, report=report)
            )

    async def approve(
        self, graph: str, variant: str, context: str, changes: Iterable[str], *, by: str
    ) -> None:
        async with self.engine.begin() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=True)
            for change in changes:
                await conn.execute(
                    insert(_approvals)
                    .values(
                        variant_id=variant_id,
                        context=context,
                        change=change,
                        approved_by=by,
                        created_at=_now(),
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
                sa.select(_approvals.c.change).where(
                    _approvals.c.variant_id == variant_id, _approvals.c.context == context
                )
            )
            return {row.change for row in rows}
