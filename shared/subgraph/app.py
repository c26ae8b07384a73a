"""The ASGI app every subgraph serves: GraphQL at /graphql, liveness at /health."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.federation import Schema
from strawberry.types import ExecutionResult

from shared.auth import Viewer, verify_token
from shared.subgraph.errors import with_code

__all__ = ["ContextFactory", "create_app", "lazy_app", "viewer_from_request"]

ContextFactory = Callable[[Request, Viewer | None], Awaitable[Any]]


def viewer_from_request(request: Request, secret: str) -> Viewer | None:
    """The viewer of a valid `Authorization: Bearer <jwt>` header, else None."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return verify_token(token.strip(), secret)


class _GraphQL(GraphQL[Any, None]):
    def __init__(self, schema: Schema, context: ContextFactory, secret: str) -> None:
        super().__init__(schema, graphql_ide=None, allow_queries_via_get=False)
        self._context = context
        self._secret = secret

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        # Parse errors never reach the ErrorCodes extension: code them here, on the way out.
        if result.errors:
            result.errors = [with_code(e) for e in result.errors]
        return await super().process_result(request, result)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Any:
        assert isinstance(request, Request)
        return await self._context(request, viewer_from_request(request, self._secret))


def create_app(
    *,
    schema: Schema,
    context: ContextFactory,
    jwt_secret: str,
    startup: Callable[[], Awaitable[None]] | None = None,
    shutdown: Callable[[], Awaitable[None]] | None = None,
) -> Starlette:
    """A Starlette app serving `schema`; `startup`/`shutdown` open and close the store."""
    graphql_app = _GraphQL(schema, context, jwt_secret)

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if startup is not None:
            await startup()
        try:
            yield
        finally:
            if shutdown is not None:
                await shutdown()

    return Starlette(
        routes=[
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            Route("/health", health, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def lazy_app(build: Callable[[], Starlette]) -> Callable[[str], Starlette]:
    """A module `__getattr__` that builds `app` on first access and keeps it.

    `uvicorn subgraphs.<name>.app:app` then works, while importing the module (for `build_app`,
    the SDL, tests) needs no environment yet.
    """
    built: list[Starlette] = []

    def module_getattr(name: str) -> Starlette:
        if name != "app":
            raise AttributeError(name)
        if not built:
            built.append(build())
        return built[0]

    return module_getattr
