"""The ASGI app every subgraph serves: GraphQL at /graphql, liveness at /health.

Identity comes only from our gateway: a request names a viewer when its `x-gateway-secret`
header equals the secret the gateway and the subgraphs share, and then `x-gateway-claims`
carries the claims of the token the gateway verified (both names are settings:
`shared.identity.IdentityHeaders`).  A client's own `Authorization` header
is never read here, so a subgraph reached directly cannot be talked into an identity.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
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

from shared.auth import Viewer, viewer_from_claims
from shared.identity import IdentityHeaders, decode_claims
from shared.subgraph.errors import with_code

__all__ = ["ContextFactory", "create_app", "lazy_app", "viewer_from_request"]

ContextFactory = Callable[[Request, Viewer | None], Awaitable[Any]]

logger = logging.getLogger(__name__)

_MIN_SECRET_BYTES = 32


def viewer_from_request(
    request: Request, secret: str, names: IdentityHeaders | None = None
) -> Viewer | None:
    """The viewer the gateway forwarded (claims next to the right shared secret), else None.

    Claims without the right secret are a forgery or a misconfigured gateway: the request goes
    on as anonymous (the client learns nothing) and the attempt is logged.
    """
    names = names or IdentityHeaders()
    encoded = request.headers.get(names.claims)
    if encoded is None:
        return None
    sent = request.headers.get(names.secret, "")
    if not hmac.compare_digest(sent.encode(), secret.encode()):
        logger.warning(
            "ignoring %s from %s: %s is missing or wrong",
            names.claims,
            request.client.host if request.client else "an unknown client",
            names.secret,
        )
        return None
    claims = decode_claims(encoded)
    if claims is None:
        logger.warning("ignoring %s: not base64url JSON of an object", names.claims)
        return None
    return viewer_from_claims(claims)


class _GraphQL(GraphQL[Any, None]):
    def __init__(
        self, schema: Schema, context: ContextFactory, secret: str, names: IdentityHeaders
    ) -> None:
        super().__init__(schema, graphql_ide=None, allow_queries_via_get=False)
        self._context = context
        self._secret = secret
        self._names = names

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        # Parse errors never reach the ErrorCodes extension: code them here, on the way out.
        if result.errors:
            result.errors = [with_code(e) for e in result.errors]
        return await super().process_result(request, result)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Any:
        assert isinstance(request, Request)
        return await self._context(request, viewer_from_request(request, self._secret, self._names))


def create_app(
    *,
    schema: Schema,
    context: ContextFactory,
    gateway_secret: str,
    startup: Callable[[], Awaitable[None]] | None = None,
    shutdown: Callable[[], Awaitable[None]] | None = None,
    identity_headers: IdentityHeaders | None = None,
) -> Starlette:
    """A Starlette app serving `schema`; `startup`/`shutdown` open and close the store.

    `gateway_secret` (see `shared.auth.gateway_secret`) must be at least 32 bytes;
    `identity_headers` defaults to `IdentityHeaders.from_env()`.
    """
    if len(gateway_secret.encode()) < _MIN_SECRET_BYTES:
        raise ValueError(f"the gateway secret must be at least {_MIN_SECRET_BYTES} bytes")
    graphql_app = _GraphQL(
        schema, context, gateway_secret, identity_headers or IdentityHeaders.from_env()
    )

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
