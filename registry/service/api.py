"""The registry's GraphQL API (Strawberry), for the CLI, other tools and people.

Every operation needs a token (`Authorization: Bearer …`); each field says the scope it needs
on the graph and variant it touches. Refusals are GraphQL errors with `extensions.code`:
UNAUTHENTICATED (no or unknown token), FORBIDDEN (scope), NOT_FOUND, BAD_USER_INPUT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON

from registry.checks.run import CheckOptions, approve_check, run_check
from registry.composing import compose_subgraphs
from registry.model import (
    Composition,
    CompositionProblem,
    Grant,
    PublishResult,
    SchemaVersion,
    Scope,
    SubgraphSchema,
)
from registry.service.cache import ServingCache
from registry.settings import RegistrySettings
from registry.store.repository import NotFound, RegistryStore
from shared.subgraph import described

__all__ = ["ApiContext", "schema"]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_MAX_SDL_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiContext:
    store: RegistryStore
    cache: ServingCache
    settings: RegistrySettings
    grant: Grant | None


def _error(message: str, code: str, **extra: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extra})


def _require(
    info: strawberry.Info[ApiContext, None],
    scope: Scope,
    graph: str | None = None,
    variant: str | None = None,
) -> Grant:
    grant = info.context.grant
    if grant is None:
        raise _error("A registry token is required (Authorization: Bearer …).", "UNAUTHENTICATED")
    if not grant.allows(scope, graph, variant):
        where = f" on {graph}@{variant}" if graph and variant else f" on {graph}" if graph else ""
        raise _error(
            f"The token {grant.name!r} lacks the {scope.label!r} scope{where}.", "FORBIDDEN"
        )
    return grant


def _name(value: str, argument: str) -> str:
    if not _NAME.match(value):
        raise _error(
            f"{argument} must be 1 to 64 letters, digits, '_' or '-', starting with a letter.",
            "BAD_USER_INPUT",
            argument=argument,
        )
    return value


def _sdl(value: str) -> str:
    if not value.strip():
        raise _error("sdl is empty.", "BAD_USER_INPUT", argument="sdl")
    if len(value.encode()) > _MAX_SDL_BYTES:
        raise _error("sdl is larger than 2 MiB.", "BAD_USER_INPUT", argument="sdl")
    return value


def _url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise _error("url must be an http:// or https:// URL.", "BAD_USER_INPUT", argument="url")
    return value


@strawberry.type
class Problem:
    code: str
    message: str
    subgraph: str | None
    locations: list[str]

    @classmethod
    def of(cls, problem: CompositionProblem) -> Problem:
        return cls(
            code=problem.code,
            message=problem.message,
            subgraph=problem.subgraph,
            locations=[f"{line}:{column}" for line, column in problem.locations],
        )


@strawberry.type(name="Composition")
class CompositionType:
    id: int
    status: str
    supergraph_hash: str | None
    trigger: str
    created_at: datetime
    errors: list[Problem]
    hints: list[Problem]
    versions: JSON

    @classmethod
    def of(cls, composition: Composition) -> CompositionType:
        return cls(
            id=composition.id,
            status=composition.status,
            supergraph_hash=composition.supergraph_hash,
            trigger=composition.trigger,
            created_at=composition.created_at,
            errors=[Problem.of(e) for e in composition.errors],
            hints=[Problem.of(h) for h in composition.hints],
            versions=cast(JSON, composition.versions),
        )


@strawberry.type(name="SchemaVersion")
class SchemaVersionType:
    id: int
    subgraph: str
    sdl: str
    sdl_hash: str
    routing_url: str
    author: str
    commit: str
    created_at: datetime

    @classmethod
    def of(cls, version: SchemaVersion) -> SchemaVersionType:
        return cls(
            id=version.id,
            subgraph=version.subgraph,
            sdl=version.sdl,
            sdl_hash=version.sdl_hash,
            routing_url=version.routing_url,
            author=version.author,
            commit=version.commit,
            created_at=version.created_at,
        )


@strawberry.type
class Supergraph:
    sdl: str
    hash: str
    composition_id: int


@strawberry.type
class Variant:
    graph: str
    name: str

    @strawberry.field
    async def supergraph(self, info: strawberry.Info[ApiContext, None]) -> Supergraph | None:
        served = await info.context.store.served_supergraph(self.graph, self.name)
        if served is None:
            return None
        return Supergraph(sdl=served.sdl, hash=served.hash, composition_id=served.composition_id)

    @strawberry.field
    async def subgraphs(self, info: strawberry.Info[ApiContext, None]) -> list[SchemaVersionType]:
        versions = await info.context.store.current_subgraphs(self.graph, self.name)
        return [SchemaVersionType.of(v) for v in versions]

    @strawberry.field
    async def compositions(
        self, info: strawberry.Info[ApiContext, None], limit: int = 20
    ) -> list[CompositionType]:
        found = await info.context.store.compositions(
            self.graph, self.name, limit=max(1, min(limit, 100))
        )
        return [CompositionType.of(c) for c in found]

    @strawberry.field
    async def versions(
        self, info: strawberry.Info[ApiContext, None], subgraph: str, limit: int = 20
    ) -> list[SchemaVersionType]:
        found = await info.context.store.versions(
            self.graph, self.name, subgraph, limit=max(1, min(limit, 100))
        )
        return [SchemaVersionType.of(v) for v in found]


@strawberry.type
class Graph:
    name: str
    variants: list[Variant]


@strawberry.type
class Check:
    id: int
    graph: str
    variant: str
    subgraph: str
    passed: bool
    context: str | None
    created_at: datetime
    url: str
    report: JSON


@strawberry.type
class PublishPayload:
    outcome: str
    version: SchemaVersionType | None
    composition: CompositionType | None
    notes: list[str]

    @classmethod
    def of(cls, result: PublishResult) -> PublishPayload:
        return cls(
            outcome=result.outcome,
            version=None if result.version is None else SchemaVersionType.of(result.version),
            composition=(
                None if result.composition is None else CompositionType.of(result.composition)
            ),
            notes=list(result.notes),
        )


@strawberry.type
class TokenPayload:
    token: str
    name: str
    scope: str
    graph: str | None
    variant: str | None


def _check(context: ApiContext, stored: Any) -> Check:
    return Check(
        id=stored.id,
        graph=stored.graph,
        variant=stored.variant,
        subgraph=stored.record.subgraph,
        passed=stored.record.passed,
        context=stored.record.context,
        created_at=stored.created_at,
        url=f"{context.settings.base_url}/checks/{stored.id}",
        report=stored.record.report,
    )


async def _variant_or_error(store: RegistryStore, graph: str, variant: str) -> None:
    try:
        await store.current_subgraphs(graph, variant)
    except NotFound as exc:
        raise _error(str(exc), "NOT_FOUND") from None


@strawberry.type
class Query:
    @described.field("Every graph and variant the token may read.")
    async def graphs(self, info: strawberry.Info[ApiContext, None]) -> list[Graph]:
        grant = _require(info, Scope.READ)
        out = []
        for graph, variants in await info.context.store.graphs():
            visible = [v for v in variants if grant.allows(Scope.READ, graph, v)]
            if visible:
                out.append(
                    Graph(name=graph, variants=[Variant(graph=graph, name=v) for v in visible])
                )
        return out

    @strawberry.field
    async def variant(
        self, info: strawberry.Info[ApiContext, None], graph: str, variant: str
    ) -> Variant:
        _require(info, Scope.READ, graph, variant)
        await _variant_or_error(info.context.store, graph, variant)
        return Variant(graph=graph, name=variant)

    @strawberry.field
    async def check(self, info: strawberry.Info[ApiContext, None], id: int) -> Check:
        _require(info, Scope.READ)
        try:
            stored = await info.context.store.check(id)
        except NotFound as exc:
            raise _error(str(exc), "NOT_FOUND") from None
        _require(info, Scope.READ, stored.graph, stored.variant)
        return _check(info.context, stored)


@strawberry.type
class Mutation:
    @described.mutation(
        "Publish a subgraph's schema: composed with the variant's other subgraphs; "
        "served only if composition succeeds."
    )
    async def publish_subgraph(
        self,
        info: strawberry.Info[ApiContext, None],
        graph: str,
        variant: str,
        name: str,
        sdl: str,
        url: str,
        author: str = "",
        commit: str = "",
    ) -> PublishPayload:
        grant = _require(info, Scope.PUBLISH, _name(graph, "graph"), _name(variant, "variant"))
        schema = SubgraphSchema(name=_name(name, "name"), routing_url=_url(url), sdl=_sdl(sdl))
        result = await info.context.store.publish(
            graph,
            variant,
            schema,
            author=author or grant.name,
            commit=commit,
            composer=compose_subgraphs,
        )
        return PublishPayload.of(result)

    @described.mutation("Remove a subgraph, if the others still compose without it.")
    async def delete_subgraph(
        self, info: strawberry.Info[ApiContext, None], graph: str, variant: str, name: str
    ) -> CompositionType:
        grant = _require(info, Scope.PUBLISH, graph, variant)
        try:
            composition = await info.context.store.delete_subgraph(
                graph, variant, name, author=grant.name, composer=compose_subgraphs
            )
        except NotFound as exc:
            raise _error(str(exc), "NOT_FOUND") from None
        return CompositionType.of(composition)

    @described.mutation(
        "Check a proposed subgraph schema: composition, classified changes, usage, "
        "re-planned operations, approvals. Recorded; nothing is published."
    )
    async def check_subgraph(
        self,
        info: strawberry.Info[ApiContext, None],
        graph: str,
        variant: str,
        name: str,
        sdl: str,
        url: str | None = None,
        context: str | None = None,
        strict: bool = False,
        window_days: int | None = None,
        min_count: int = 1,
        excluded_clients: list[str] | None = None,
        max_added_fetches: int | None = None,
        author: str = "",
        commit: str = "",
    ) -> Check:
        grant = _require(info, Scope.CHECK, _name(graph, "graph"), _name(variant, "variant"))
        days = window_days if window_days is not None else info.context.settings.check_window_days
        if not 1 <= days <= 90:
            raise _error(
                "windowDays must be between 1 and 90.", "BAD_USER_INPUT", argument="windowDays"
            )
        options = CheckOptions(
            window=timedelta(days=days),
            min_count=max(1, min_count),
            excluded_clients=tuple(excluded_clients or ()),
            strict=strict,
            context=context or None,
            max_added_fetches=max_added_fetches,
        )
        check_id = await run_check(
            info.context.store,
            graph,
            variant,
            name=_name(name, "name"),
            sdl=_sdl(sdl),
            url=None if url is None else _url(url),
            options=options,
            author=author or grant.name,
            commit=commit,
            base_url=info.context.settings.base_url,
        )
        return _check(info.context, await info.context.store.check(check_id))

    @described.mutation(
        "Approve a check's breaking changes for its context (an admin decision): "
        "the same changes pass later checks under that context."
    )
    async def approve_check(self, info: strawberry.Info[ApiContext, None], id: int) -> Check:
        try:
            stored = await info.context.store.check(id)
        except NotFound as exc:
            raise _error(str(exc), "NOT_FOUND") from None
        grant = _require(info, Scope.ADMIN, stored.graph, stored.variant)
        if not stored.record.context:
            raise _error(
                "Only a check run with a context (e.g. a pull request) can be approved.",
                "BAD_USER_INPUT",
                argument="id",
            )
        await approve_check(info.context.store, stored, by=grant.name)
        return _check(info.context, await info.context.store.check(id))

    @described.mutation("A new token; shown once, stored hashed.")
    async def create_token(
        self,
        info: strawberry.Info[ApiContext, None],
        name: str,
        scope: str,
        graph: str | None = None,
        variant: str | None = None,
    ) -> TokenPayload:
        _require(info, Scope.ADMIN, graph, variant)
        try:
            parsed = Scope.parse(scope)
        except ValueError as exc:
            raise _error(str(exc), "BAD_USER_INPUT", argument="scope") from None
        token = await info.context.store.create_token(
            name=_name(name, "name"), scope=parsed, graph=graph, variant=variant
        )
        return TokenPayload(
            token=token, name=name, scope=parsed.label, graph=graph, variant=variant
        )

    @described.mutation("Revoke every live token with this name; how many were.")
    async def revoke_token(self, info: strawberry.Info[ApiContext, None], name: str) -> int:
        _require(info, Scope.ADMIN)
        return await info.context.store.revoke_tokens(name)


schema = strawberry.Schema(query=Query, mutation=Mutation)
