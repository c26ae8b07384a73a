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
import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

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
from registry.store.base import (
    COMPOSITIONS,
    GRAPHS,
    SUBGRAPHS,
    SUPERGRAPH_CHANNEL,
    TOKEN_CHANNEL,
    TOKENS,
    VARIANTS,
    VERSIONS,
    Composer,
    NotFound,
    hash_token,
    utc_now,
)
from registry.store.checks import (
    OUTCOMES,
    CheckFilter,
    CheckQueries,
    CheckRecord,
    Outcome,
    StoredCheck,
)
from registry.store.migrations import migrate
from registry.store.paging import newest_first
from registry.store.usage import RecordedUsage, UsageQueries, UsedOperation

__all__ = [
    "OUTCOMES",
    "SUPERGRAPH_CHANNEL",
    "TOKEN_CHANNEL",
    "CheckFilter",
    "CheckRecord",
    "Composer",
    "NotFound",
    "Outcome",
    "RecordedUsage",
    "RegistryStore",
    "StoredCheck",
    "UsedOperation",
    "hash_token",
]


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


class RegistryStore(UsageQueries, CheckQueries):
    """The whole store: tokens, publishing and, from its bases, graphs and variants, usage
    and checks."""

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
                insert(TOKENS)
                .values(
                    name=name,
                    token_hash=hash_token(token),
                    scope=scope.label,
                    graph=graph,
                    variant=variant,
                    created_at=utc_now(),
                )
                .on_conflict_do_nothing(index_elements=["token_hash"])
            )
            await conn.execute(sa.select(sa.func.pg_notify(TOKEN_CHANNEL, "created")))

    async def revoke_tokens(self, name: str) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                sa.update(TOKENS)
                .where(TOKENS.c.name == name, TOKENS.c.revoked_at.is_(None))
                .values(revoked_at=utc_now())
            )
            await conn.execute(sa.select(sa.func.pg_notify(TOKEN_CHANNEL, "revoked")))
            return int(result.rowcount)

    async def grant(self, token: str) -> Grant | None:
        return await self.grant_by_hash(hash_token(token))

    async def grant_by_hash(self, token_hash: str) -> Grant | None:
        """The grant of the live token with this SHA-256 (what a console session keeps)."""
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(TOKENS).where(
                        TOKENS.c.token_hash == token_hash,
                        TOKENS.c.revoked_at.is_(None),
                    )
                )
            ).first()
        if row is None:
            return None
        return Grant(
            name=row.name, scope=Scope.parse(row.scope), graph=row.graph, variant=row.variant
        )

    # -- subgraphs ------------------------------------------------------------------------

    async def _current(self, conn: AsyncConnection, variant_id: int) -> dict[str, Any]:
        """name → current schema version row of every live subgraph of the variant."""
        rows = (
            await conn.execute(
                sa.select(SUBGRAPHS.c.name, VERSIONS)
                .join(VERSIONS, VERSIONS.c.id == SUBGRAPHS.c.current_version_id)
                .where(
                    SUBGRAPHS.c.variant_id == variant_id,
                    SUBGRAPHS.c.deleted_at.is_(None),
                )
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
                insert(SUBGRAPHS)
                .values(variant_id=variant_id, name=schema.name, created_at=utc_now())
                .on_conflict_do_nothing(constraint="ux_subgraphs_variant_name")
            )
            subgraph = (
                await conn.execute(
                    sa.select(SUBGRAPHS).where(
                        SUBGRAPHS.c.variant_id == variant_id,
                        SUBGRAPHS.c.name == schema.name,
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
                    sa.insert(VERSIONS)
                    .values(
                        subgraph_id=subgraph.id,
                        sdl=schema.sdl,
                        sdl_hash=digest,
                        routing_url=schema.routing_url,
                        author=author,
                        commit=commit,
                        created_at=utc_now(),
                    )
                    .returning(VERSIONS.c.id)
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
                    sa.update(SUBGRAPHS)
                    .where(SUBGRAPHS.c.id == subgraph.id)
                    .values(current_version_id=version_id, deleted_at=None)
                )
                await self._serve(conn, variant_id, composition.id, f"{graph}/{variant}")
            version = (
                await conn.execute(sa.select(VERSIONS).where(VERSIONS.c.id == version_id))
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
                    sa.update(SUBGRAPHS)
                    .where(SUBGRAPHS.c.variant_id == variant_id, SUBGRAPHS.c.name == name)
                    .values(deleted_at=utc_now(), current_version_id=None)
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
                sa.insert(COMPOSITIONS)
                .values(
                    variant_id=variant_id,
                    status="SUCCEEDED" if sdl is not None else "FAILED",
                    supergraph_sdl=sdl,
                    supergraph_hash=None if sdl is None else sdl_hash(sdl),
                    errors=[e.as_json() for e in composed.errors],
                    hints=[h.as_json() for h in composed.hints],
                    versions=versions,
                    trigger=trigger,
                    created_at=utc_now(),
                )
                .returning(COMPOSITIONS)
            )
        ).one()
        return _composition(row)

    async def _serve(
        self, conn: AsyncConnection, variant_id: int, composition_id: int, key: str
    ) -> None:
        await conn.execute(
            sa.update(VARIANTS)
            .where(VARIANTS.c.id == variant_id)
            .values(current_composition_id=composition_id)
        )
        await conn.execute(sa.select(sa.func.pg_notify(SUPERGRAPH_CHANNEL, key)))

    async def _served_composition(
        self, conn: AsyncConnection, variant_id: int
    ) -> Composition | None:
        row = (
            await conn.execute(
                sa.select(COMPOSITIONS)
                .join(
                    VARIANTS,
                    VARIANTS.c.current_composition_id == COMPOSITIONS.c.id,
                )
                .where(VARIANTS.c.id == variant_id)
            )
        ).first()
        return None if row is None else _composition(row)

    async def served_supergraph(self, graph: str, variant: str) -> ServedSupergraph | None:
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(
                        COMPOSITIONS.c.id,
                        COMPOSITIONS.c.supergraph_sdl,
                        COMPOSITIONS.c.supergraph_hash,
                    )
                    .join(
                        VARIANTS,
                        VARIANTS.c.current_composition_id == COMPOSITIONS.c.id,
                    )
                    .join(GRAPHS, GRAPHS.c.id == VARIANTS.c.graph_id)
                    .where(GRAPHS.c.name == graph, VARIANTS.c.name == variant)
                )
            ).first()
        if row is None:
            return None
        return ServedSupergraph(
            sdl=row.supergraph_sdl, hash=row.supergraph_hash, composition_id=row.id
        )

    async def compositions(
        self,
        graph: str,
        variant: str,
        *,
        limit: int = 20,
        before: int | None = None,
        after: int | None = None,
    ) -> list[Composition]:
        """The variant's compositions, newest first: the newest `limit` with ids below
        `before`, or with `after` the `limit` just newer than composition `after`."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = await newest_first(
                conn,
                sa.select(COMPOSITIONS).where(COMPOSITIONS.c.variant_id == variant_id),
                COMPOSITIONS.c.id,
                limit=limit,
                before=before,
                after=after,
            )
        return [_composition(row) for row in rows]

    async def versions(
        self, graph: str, variant: str, subgraph: str, *, limit: int = 20
    ) -> list[SchemaVersion]:
        """A subgraph's published versions, newest first (those that failed to compose too)."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = (
                await conn.execute(
                    sa.select(VERSIONS)
                    .join(SUBGRAPHS, SUBGRAPHS.c.id == VERSIONS.c.subgraph_id)
                    .where(
                        SUBGRAPHS.c.variant_id == variant_id,
                        SUBGRAPHS.c.name == subgraph,
                    )
                    .order_by(VERSIONS.c.id.desc())
                    .limit(limit)
                )
            ).all()
        return [_version(row, subgraph) for row in rows]

    async def variant_versions(
        self,
        graph: str,
        variant: str,
        *,
        limit: int = 50,
        before: int | None = None,
        after: int | None = None,
    ) -> list[SchemaVersion]:
        """Every subgraph's published versions in the variant, newest first: the newest
        `limit` with ids below `before`, or with `after` the `limit` just newer than version
        `after`."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            rows = await newest_first(
                conn,
                sa.select(VERSIONS, SUBGRAPHS.c.name.label("subgraph_name"))
                .join(SUBGRAPHS, SUBGRAPHS.c.id == VERSIONS.c.subgraph_id)
                .where(SUBGRAPHS.c.variant_id == variant_id),
                VERSIONS.c.id,
                limit=limit,
                before=before,
                after=after,
            )
        return [_version(row, row.subgraph_name) for row in rows]

    async def version_with_previous(
        self, graph: str, variant: str, version_id: int
    ) -> tuple[SchemaVersion, SchemaVersion | None]:
        """A version of the variant and the version of its subgraph published before it."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            row = (
                await conn.execute(
                    sa.select(VERSIONS, SUBGRAPHS.c.name.label("subgraph_name"))
                    .join(SUBGRAPHS, SUBGRAPHS.c.id == VERSIONS.c.subgraph_id)
                    .where(SUBGRAPHS.c.variant_id == variant_id, VERSIONS.c.id == version_id)
                )
            ).first()
            if row is None:
                raise NotFound(f"no version {version_id} in {graph}@{variant}")
            before = (
                await conn.execute(
                    sa.select(VERSIONS)
                    .where(
                        VERSIONS.c.subgraph_id == row.subgraph_id,
                        VERSIONS.c.id < version_id,
                    )
                    .order_by(VERSIONS.c.id.desc())
                    .limit(1)
                )
            ).first()
        name = row.subgraph_name
        return _version(row, name), None if before is None else _version(before, name)

    async def composition_of_version(
        self, graph: str, variant: str, subgraph: str, version_id: int
    ) -> Composition | None:
        """The composition a version's publish produced (the first that included it)."""
        async with self.engine.connect() as conn:
            variant_id = await self._variant_id(conn, graph, variant, create=False)
            row = (
                await conn.execute(
                    sa.select(COMPOSITIONS)
                    .where(
                        COMPOSITIONS.c.variant_id == variant_id,
                        COMPOSITIONS.c.versions[subgraph].as_integer() == version_id,
                    )
                    .order_by(COMPOSITIONS.c.id)
                    .limit(1)
                )
            ).first()
        return None if row is None else _composition(row)
