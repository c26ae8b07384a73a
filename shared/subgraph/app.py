"""The ASGI app every subgraph serves: GraphQL at /graphql, liveness at /health, and the
Prometheus exposition at /metrics (the queries sent to each store: `shared.subgraph.metrics`).

Identity comes only from our gateway: a request names a viewer when its `x-gateway-secret`
header equals the secret the gateway and the subgraphs share, and then `x-gateway-claims`
carries the claims of the token the gateway verified (both names are settings:
`shared.identity.IdentityHeaders`).  A client's own `Authorization` header
is never read here, so a subgraph reached directly cannot be talked into an identity.

A subgraph with subscriptions also serves /graphql over WebSocket (`graphql-transport-ws`
only). The viewer of a WebSocket connection comes from the same two headers on its opening
handshake, checked the same way; the `connection_init` payload is never read for identity.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.federation import Schema
from strawberry.types import ExecutionResult

from shared.auth import Viewer, viewer_from_claims
from shared.identity import IdentityHeaders, decode_claims
from shared.subgraph.errors import with_code
from shared.subgraph.metrics import METRICS_CONTENT_TYPE, StoreQueries
from shared.subgraph.websocket import PROTOCOLS, PingingHandler

__all__ = [
    "ContextFactory",
    "SubscriptionContextFactory",
    "create_app",
    "lazy_app",
    "viewer_from_request",
]

ContextFactory = Callable[[Request, Viewer | None], Awaitable[Any]]
# The context of one WebSocket connection: every operation on it shares this one.
SubscriptionContextFactory = Callable[[WebSocket, Viewer | None], Awaitable[Any]]

logger = logging.getLogger(__name__)

_MIN_SECRET_BYTES = 32


def viewer_from_request(
    request: HTTPConnection, secret: str, names: IdentityHeaders | None = None
) -> Viewer | None:
    """The viewer the gateway forwarded (claims next to the right shared secret), else None.

    `request` is an HTTP request or a WebSocket handshake: both carry the same headers.

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
    graphql_transport_ws_handler_class = PingingHandler

    def __init__(
        self,
        schema: Schema,
        context: ContextFactory,
        secret: str,
        names: IdentityHeaders,
        subscription_context: SubscriptionContextFactory | None,
        keep_alive_seconds: float,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            allow_queries_via_get=False,
            keep_alive=True,
            keep_alive_interval=keep_alive_seconds,
            subscription_protocols=PROTOCOLS if subscription_context else (),
        )
        self._context = context
        self._subscription_context = subscription_context
        self._secret = secret
        self._names = names

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        # Parse errors never reach the ErrorCodes extension: code them here, on the way out.
        if result.errors:
            result.errors = [with_code(e) for e in result.errors]
        return await super().process_result(request, result)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Any:
        viewer = viewer_from_request(request, self._secret, self._names)
        if isinstance(request, WebSocket):
            # Only reachable when subscriptions are on: the WebSocket route exists only then.
            assert self._subscription_context is not None
            return await self._subscription_context(request, viewer)
        return await self._context(request, viewer)


def create_app(
    *,
    schema: Schema,
    context: ContextFactory,
    gateway_secret: str,
    startup: Callable[[], Awaitable[None]] | None = None,
    shutdown: Callable[[], Awaitable[None]] | None = None,
    identity_headers: IdentityHeaders | None = None,
    subscription_context: SubscriptionContextFactory | None = None,
    keep_alive_seconds: float = 15.0,
    store_queries: StoreQueries | None = None,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """A Starlette app serving `schema`; `startup`/`shutdown` open and close the store;
    `routes` are the subgraph's own endpoints besides /graphql, /health and /metrics (a
    provider's webhooks).

    `store_queries` is what /metrics shows: the counter the subgraph's store counts into
    (without one, the series are absent).

    `gateway_secret` (see `shared.auth.gateway_secret`) must be at least 32 bytes;
    `identity_headers` defaults to `IdentityHeaders.from_env()`. With `subscription_context`
    (the schema has a Subscription root), /graphql also accepts WebSocket connections speaking
    `graphql-transport-ws`, and pings each one every `keep_alive_seconds`.
    """
    if len(gateway_secret.encode()) < _MIN_SECRET_BYTES:
        raise ValueError(f"the gateway secret must be at least {_MIN_SECRET_BYTES} bytes")
    graphql_app = _GraphQL(
        schema,
        context,
        gateway_secret,
        identity_headers or IdentityHeaders.from_env(),
        subscription_context,
        keep_alive_seconds,
    )

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    queries = store_queries or StoreQueries()

    async def metrics(_: Request) -> Response:
        return Response(queries.render(), media_type=METRICS_CONTENT_TYPE)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if startup is not None:
            await startup()
        try:
            yield
        finally:
            if shutdown is not None:
                await shutdown()

    served: list[BaseRoute] = [
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        *routes,
    ]
    if subscription_context is not None:
        served.append(WebSocketRoute("/graphql", graphql_app))
    return Starlette(routes=served, lifespan=lifespan)


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
