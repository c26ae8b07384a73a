"""The ASGI app: the GraphQL endpoint (HTTP, with subscriptions over SSE and multipart
responses, and WebSocket: `gateway.server.http.websocket`), health and readiness, metrics,
GraphiQL assets, lifespan.

Raw ASGI throughout: the GraphQL POST is the gateway's hot path (Starlette's request and
response objects cost several times what the cached pipeline does for a small query), and the
other routes are too few to want a framework.  Every answer is JSON except the explorer, its
assets and the metrics; an unexpected failure is logged and the client gets a generic 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import orjson

from gateway.config.model import GatewayConfig
from gateway.graphiql import asset
from gateway.request import error_body
from gateway.server.http.asgi import ASGIApp, Receive, Scope, Send, send_response
from gateway.server.http.endpoint import ALLOWED_METHODS, GraphQLEndpoint
from gateway.server.http.subscriptions import SubscriptionHub, SubscriptionObserver
from gateway.server.http.websocket import serve_websocket
from gateway.server.runtime.gateway import Gateway
from gateway.server.runtime.readiness import serving_supergraph

__all__ = ["MetricsRenderer", "create_app"]

logger = logging.getLogger(__name__)

ASSETS_PREFIX = "/graphiql/assets/"
APOLLO_HEALTH_PATH = "/.well-known/apollo/server-health"
_JSON = b"application/json; charset=utf-8"
# Renders the metrics exposition: (body, content type).
MetricsRenderer = Callable[[], tuple[bytes, str]]
_Route = Callable[[], Awaitable[tuple[int, bytes, bytes]]]


def create_app(
    gateway: Gateway,
    config: GatewayConfig = GatewayConfig(),  # noqa: B008 (frozen: one shared default is safe)
    *,
    metrics: MetricsRenderer | None = None,
    subscriptions: SubscriptionObserver | None = None,
) -> ASGIApp:
    """The app serving `gateway`; it closes the gateway when the server shuts down.

    `metrics` renders the Prometheus exposition (body, content type) for
    `config.telemetry.metrics_path` when metrics are enabled; `subscriptions` counts the
    subscriptions opened, closed and their events.
    """
    return GatewayApp(gateway, config, metrics, subscriptions)


class GatewayApp:
    def __init__(
        self,
        gateway: Gateway,
        config: GatewayConfig,
        metrics: MetricsRenderer | None,
        subscriptions: SubscriptionObserver | None = None,
    ) -> None:
        self.gateway = gateway
        self.hub = SubscriptionHub(config.subscriptions, subscriptions)
        self.endpoint = GraphQLEndpoint(gateway, config, self.hub)
        self.graphql_path = config.server.graphql_path
        # Subscriptions were planned on the old supergraph: their clients subscribe again.
        gateway.on_swap(self.hub.reload)
        self.id_header = config.telemetry.request_id_header.lower()
        self.instance_id = config.server.instance_id
        self.graphiql = config.graphiql_enabled
        self.assets_dir = config.graphiql.assets_dir
        self.routes: dict[str, _Route] = {
            "/health": self._health,
            # Where Apollo's tooling (and load balancers set up for Apollo Server) probe.
            APOLLO_HEALTH_PATH: self._health,
            "/ready": self._ready,
        }
        if metrics is not None and config.telemetry.metrics_enabled:
            render = metrics

            async def serve_metrics() -> tuple[int, bytes, bytes]:
                body, content_type = render()
                return 200, body, content_type.encode("latin-1")

            self.routes[config.telemetry.metrics_path] = serve_metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            path: str = scope["path"]
            if path == self.graphql_path:
                if scope["method"] == "POST":  # the hot path, first
                    await self.endpoint.post(scope, receive, send)
                else:
                    await self._graphql(scope, receive, send)
            else:
                await self._other(scope, path, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            if scope["path"] == self.graphql_path:
                await serve_websocket(self.gateway, self.hub, self.id_header, scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1000})

    async def going_away(self) -> None:
        """The server stops accepting and is about to close its connections: ends every channel
        holding subscriptions first, the way the gateway does (1001 for a WebSocket)."""
        await self.hub.close_all()

    async def _graphql(self, scope: Scope, receive: Receive, send: Send) -> None:
        match scope["method"]:
            case "POST":
                await self.endpoint.post(scope, receive, send)
            case "GET":
                await self.endpoint.get(scope, receive, send)
            case "OPTIONS":
                await self.endpoint.options(scope, send)
            case method:
                await _refuse(send, 405, f"Method {method} is not allowed here.", ALLOWED_METHODS)

    async def _other(self, scope: Scope, path: str, send: Send) -> None:
        route = self.routes.get(path)
        if route is None and not (self.graphiql and path.startswith(ASSETS_PREFIX)):
            await _refuse(send, 404, f"Nothing is served at {path}.")
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _refuse(send, 405, f"Method {scope['method']} is not allowed here.", b"GET")
            return
        try:
            if route is None:
                status, body, content_type = _asset(
                    path.removeprefix(ASSETS_PREFIX), self.assets_dir
                )
            else:
                status, body, content_type = await route()
        except Exception:
            logger.exception("unexpected failure while serving %s", path)
            status, content_type = 500, _JSON
            body = orjson.dumps(error_body("Internal server error.", "INTERNAL_SERVER_ERROR"))
        if scope["method"] == "HEAD":
            body = b""
        await send_response(send, status, body, content_type)

    async def _health(self) -> tuple[int, bytes, bytes]:
        # Liveness: answering at all is the signal.
        return 200, b'{"status":"ok"}', _JSON

    async def _ready(self) -> tuple[int, bytes, bytes]:
        gateway = self.gateway
        try:
            ready = await gateway.ready()
        except Exception:
            logger.exception("the readiness check failed")
            ready = False
        body: dict[str, object] = {"status": "ready" if ready else "not ready"}
        if self.instance_id is not None:
            # Which replica answered, when several share an address.
            body["instance"] = self.instance_id
        # Which supergraph answers (source, version, id), when the gateway knows where it came from.
        supergraph = serving_supergraph(gateway.pipeline, gateway.origin)
        if supergraph is not None:
            body["supergraph"] = supergraph
        return (200 if ready else 503), orjson.dumps(body), _JSON

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    # Starts the gateway's services: the supergraph watcher.
                    await self.gateway.start()
                except Exception:
                    logger.exception("starting the gateway failed")
                    reason = "the gateway's services could not start"
                    await send({"type": "lifespan.startup.failed", "message": reason})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # Servers that run the lifespan shutdown before closing connections.
                await self.hub.close_all()
                try:
                    await self.gateway.close()
                except Exception:
                    logger.exception("closing the gateway failed")
                await send({"type": "lifespan.shutdown.complete"})
                return


def _asset(path: str, assets_dir: str | None) -> tuple[int, bytes, bytes]:
    found = asset(path, assets_dir=assets_dir)
    if found is None:
        return 404, orjson.dumps(error_body(f"No GraphiQL asset {path}.", "NOT_FOUND")), _JSON
    body, content_type = found
    return 200, body, content_type.encode("latin-1")


async def _refuse(send: Send, status: int, message: str, allow: bytes | None = None) -> None:
    code = "METHOD_NOT_ALLOWED" if status == 405 else "NOT_FOUND"
    headers = () if allow is None else ((b"allow", allow),)
    await send_response(send, status, orjson.dumps(error_body(message, code)), _JSON, headers)
