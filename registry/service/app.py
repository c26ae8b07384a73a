"""The registry's ASGI app.

    POST /graphql                                      the API (`registry.service.api`)
    GET  /graphs/{graph}/variants/{variant}/supergraph  for gateways: the served supergraph,
                                                       `ETag` / `If-None-Match` → 304, from memory
    POST /graphs/{graph}/variants/{variant}/usage       for gateways: batches of operation usage
    GET  /checks/{id}                                  a check's report as JSON
    GET  /health                                       liveness
    /console/…                                         the web console (`registry.console`)

Gateways authenticate with a token that has `read` on the variant (reporting usage included).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from registry.console import Console, SessionSigner, console_routes
from registry.model import Grant, Scope
from registry.service.api import ApiContext, schema
from registry.service.cache import ServingCache
from registry.settings import RegistrySettings
from registry.store.latency import BOUNDS_MS, BUCKETS
from registry.store.repository import NotFound, RecordedUsage, RegistryStore

__all__ = ["build_app"]

logger = logging.getLogger(__name__)

_MAX_USAGE_BYTES = 8 * 1024 * 1024
_MAX_USAGE_OPERATIONS = 5_000


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _problem(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "code": code}}, status_code=status)


class _Api(GraphQL[ApiContext, None]):
    def __init__(self, store: RegistryStore, cache: ServingCache, settings: RegistrySettings):
        super().__init__(schema, graphql_ide=None, allow_queries_via_get=False)
        self.store = store
        self.cache = cache
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Any) -> ApiContext:
        assert isinstance(request, Request)
        token = _bearer(request)
        grant = None if token is None else await self.cache.grant(token)
        return ApiContext(store=self.store, cache=self.cache, settings=self.settings, grant=grant)


def _latency(value: Any, count: int) -> tuple[tuple[int, ...], float]:
    """A reported latency histogram (absent: none), checked against the registry's bounds."""
    if value is None:
        return (), 0.0
    if not isinstance(value, dict):
        raise ValueError("operation.latency must be an object")
    if value.get("bounds_ms") != list(BOUNDS_MS):
        raise ValueError(
            "operation.latency.bounds_ms must be the registry's bounds: "
            + ", ".join(str(bound) for bound in BOUNDS_MS)
        )
    counts = value.get("counts")
    if (
        not isinstance(counts, list)
        or len(counts) != BUCKETS
        or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts)
    ):
        raise ValueError(
            f"operation.latency.counts must be {BUCKETS} non-negative integers, one per bucket"
        )
    if sum(counts) != count:
        raise ValueError("operation.latency.counts must add up to operation.count")
    total = value.get("sum_ms")
    if (
        not isinstance(total, int | float)
        or isinstance(total, bool)
        or not 0 <= total < float("inf")
    ):
        raise ValueError("operation.latency.sum_ms must be a non-negative number")
    return tuple(counts), float(total)


def _usage(item: Any) -> RecordedUsage:
    """One reported operation, checked field by field (ValueError names what is wrong)."""
    if not isinstance(item, dict):
        raise ValueError("each operation must be an object")
    digest = item.get("hash")
    document = item.get("document")
    if not isinstance(digest, str) or not 1 <= len(digest) <= 64:
        raise ValueError("operation.hash must be a string of at most 64 characters")
    if not isinstance(document, str) or not document.strip():
        raise ValueError("operation.document must be a non-empty string")
    name = item.get("name")
    coordinates = item.get("coordinates", [])
    client = item.get("client") or {}
    count = item.get("count", 1)
    errors = item.get("errors", 0)
    if name is not None and not isinstance(name, str):
        raise ValueError("operation.name must be a string or null")
    if not isinstance(coordinates, list) or not all(isinstance(c, str) for c in coordinates):
        raise ValueError("operation.coordinates must be a list of strings")
    if not isinstance(client, dict):
        raise ValueError("operation.client must be an object")
    if not isinstance(count, int) or count < 0 or not isinstance(errors, int) or errors < 0:
        raise ValueError("operation.count and operation.errors must be non-negative integers")
    window = item.get("window") or {}
    at = datetime.now(UTC)
    if isinstance(window, dict) and isinstance(window.get("end"), str):
        try:
            at = datetime.fromisoformat(window["end"].replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("operation.window.end must be an ISO 8601 time") from None
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
    latency, latency_ms = _latency(item.get("latency"), count)
    return RecordedUsage(
        hash=digest,
        name=name,
        document=document,
        coordinates=tuple(sorted(set(coordinates))),
        client_name=str(client.get("name") or ""),
        client_version=str(client.get("version") or ""),
        count=count,
        errors=errors,
        at=at,
        latency=latency,
        latency_ms=latency_ms,
    )


def build_app(settings: RegistrySettings, *, store: RegistryStore | None = None) -> Starlette:
    """The app; it migrates the database and stores the bootstrap admin token on startup."""
    registry = store or RegistryStore.connect(settings.database_url, pool_size=settings.pool_size)
    cache = ServingCache(registry, settings.database_url)
    api = _Api(registry, cache, settings)

    async def authorized(
        request: Request, scope: Scope, graph: str, variant: str
    ) -> Grant | Response:
        token = _bearer(request)
        if token is None:
            return _problem(
                401, "A registry token is required (Authorization: Bearer …).", "UNAUTHENTICATED"
            )
        grant = await cache.grant(token)
        if grant is None:
            return _problem(401, "The registry token is unknown or revoked.", "UNAUTHENTICATED")
        if not grant.allows(scope, graph, variant):
            return _problem(
                403,
                f"The token {grant.name!r} cannot {scope.label} {graph}@{variant}.",
                "FORBIDDEN",
            )
        return grant

    async def supergraph(request: Request) -> Response:
        graph = request.path_params["graph"]
        variant = request.path_params["variant"]
        grant = await authorized(request, Scope.READ, graph, variant)
        if isinstance(grant, Response):
            return grant
        served = await cache.supergraph(graph, variant)
        if served is None:
            return _problem(404, f"{graph}@{variant} serves no supergraph yet.", "NOT_FOUND")
        headers = {
            "ETag": served.etag,
            "X-Registry-Version": str(served.composition_id),
            "Cache-Control": "private, no-cache",
        }
        if request.headers.get("if-none-match") == served.etag:
            return Response(status_code=304, headers=headers)
        return Response(served.sdl, media_type="text/plain; charset=utf-8", headers=headers)

    async def usage(request: Request) -> Response:
        graph = request.path_params["graph"]
        variant = request.path_params["variant"]
        grant = await authorized(request, Scope.READ, graph, variant)
        if isinstance(grant, Response):
            return grant
        body = await request.body()
        if len(body) > _MAX_USAGE_BYTES:
            return _problem(413, "A usage report is at most 8 MiB.", "PAYLOAD_TOO_LARGE")
        try:
            payload = orjson.loads(body)
            operations = payload.get("operations") if isinstance(payload, dict) else None
            if not isinstance(operations, list):
                raise ValueError("the body must be an object with an 'operations' list")
            if len(operations) > _MAX_USAGE_OPERATIONS:
                raise ValueError(f"at most {_MAX_USAGE_OPERATIONS} operations per report")
            items = [_usage(item) for item in operations]
        except (orjson.JSONDecodeError, ValueError) as exc:
            return _problem(400, str(exc), "BAD_REQUEST")
        try:
            accepted = await registry.record_usage(graph, variant, items)
        except NotFound as exc:
            return _problem(404, str(exc), "NOT_FOUND")
        return JSONResponse({"accepted": accepted}, status_code=202)

    async def check(request: Request) -> Response:
        try:
            check_id = int(request.path_params["id"])
            stored = await registry.check(check_id)
        except (ValueError, NotFound):
            return _problem(404, "No such check.", "NOT_FOUND")
        grant = await authorized(request, Scope.READ, stored.graph, stored.variant)
        if isinstance(grant, Response):
            return grant
        return JSONResponse(
            {
                "id": stored.id,
                "graph": stored.graph,
                "variant": stored.variant,
                "passed": stored.record.passed,
                "report": stored.record.report,
            }
        )

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await registry.migrate()
        if settings.admin_token is not None:
            await registry.ensure_token(
                settings.admin_token, name="admin", scope=Scope.ADMIN, graph=None, variant=None
            )
        await cache.start()
        try:
            yield
        finally:
            await cache.close()
            await registry.close()

    app = Starlette(
        routes=[
            Route("/graphql", api, methods=["POST"]),
            Route("/graphs/{graph}/variants/{variant}/supergraph", supergraph, methods=["GET"]),
            Route("/graphs/{graph}/variants/{variant}/usage", usage, methods=["POST"]),
            Route("/checks/{id}", check, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
            *console_routes(
                Console(
                    store=registry,
                    settings=settings,
                    signer=SessionSigner(settings.session_secret),
                )
            ),
        ],
        lifespan=lifespan,
    )
    app.state.cache = cache
    app.state.store = registry
    return app
