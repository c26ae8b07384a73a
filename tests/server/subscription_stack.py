"""The subgraphs and gateways of the subscription tests, on real sockets.

`events` (Strawberry over graphql-transport-ws) owns `Subscription.reviewAdded` and records, per
`tag` argument, each subscription it opens and ends; `accounts` completes each event with
`User.name`.  `serve_gateway` runs a gateway assembled from configuration the way `serve` does
(a watched supergraph file, HS256 tokens, signed claims to the subgraphs, metrics) in a uvicorn
thread; `GraphQLSocket` speaks the protocol by hand for the edge cases a client library hides.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt
import orjson
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from gateway.config import (
    AuthConfig,
    GatewayConfig,
    SubscriptionsConfig,
    SupergraphConfig,
    TelemetryConfig,
)
from gateway.server import Gateway
from gateway.server.http.app import GatewayApp, create_app
from gateway.server.runtime.assemble import gateway_from_config
from gateway.telemetry import Telemetry
from tests.server.subgraphs import ACCOUNTS, strawberry_app
from tests.support.servers import serve_in_thread
from tests.support.supergraphs import JOIN_V03_PREAMBLE

WAIT = 20.0  # a bound for a hung test, not a speed check
JWT_SECRET_ENV = "SUBSCRIPTION_TESTS_JWT_SECRET"
JWT_SECRET = "j" * 48
SHARED_SECRET = "s" * 40
ENV = {JWT_SECRET_ENV: JWT_SECRET, "GATEWAY_SHARED_SECRET": SHARED_SECRET}


class Upstream:
    """What the `events` subgraph saw: subscriptions open now, ended so far, and by tag."""

    def __init__(self) -> None:
        self.open = 0
        self.closed = 0
        self.opened_by_tag: Counter[str] = Counter()
        self.ended_by_tag: Counter[str] = Counter()

    def opened(self, tag: str) -> int:
        return self.opened_by_tag[tag]

    def ended(self, tag: str) -> int:
        return self.ended_by_tag[tag]


UPSTREAM = Upstream()


@strawberry.federation.type(name="User", keys=["id"])
class Author:
    id: strawberry.ID


@strawberry.type
class Review:
    body: str
    author: Author


@strawberry.type
class EventsQuery:
    @strawberry.field
    def ok(self) -> bool:
        return True


@strawberry.type
class EventsSubscription:
    @strawberry.subscription
    async def review_added(
        self,
        info: strawberry.Info,
        count: int = 2,
        forever: bool = False,
        fail: bool = False,
        tag: str = "",
        size: int = 0,
        pause: float = 0.05,
    ) -> AsyncGenerator[Review, None]:
        if fail:
            raise RuntimeError("the event store is down")
        if not info.context["request"].headers.get("x-gateway-claims"):
            raise PermissionError("sign in first")
        UPSTREAM.open += 1
        UPSTREAM.opened_by_tag[tag] += 1
        padding = "x" * size
        try:
            index = 0
            while forever or index < count:
                author = strawberry.ID(str(index % 2 + 1))
                yield Review(body=f"review {index}{padding}", author=Author(id=author))
                index += 1
                await asyncio.sleep(pause if forever else 0)
        finally:
            UPSTREAM.open -= 1
            UPSTREAM.closed += 1
            UPSTREAM.ended_by_tag[tag] += 1


EVENTS = strawberry.federation.Schema(
    query=EventsQuery, subscription=EventsSubscription, types=[Author]
)

SUPERGRAPH = (
    JOIN_V03_PREAMBLE.replace("query: Query", "query: Query\n  subscription: Subscription")
    + """
enum join__Graph {
  ACCOUNTS @join__graph(name: "accounts", url: "{accounts}")
  EVENTS @join__graph(name: "events", url: "{events}")
}
type Query @join__type(graph: ACCOUNTS) @join__type(graph: EVENTS) {
  me: User! @join__field(graph: ACCOUNTS)
  ok: Boolean! @join__field(graph: EVENTS)
}
type Subscription @join__type(graph: EVENTS) {
  reviewAdded(
    count: Int! = 2, forever: Boolean! = false, fail: Boolean! = false,
    tag: String! = "", size: Int! = 0, pause: Float! = 0.05
  ): Review!
}
type User @join__type(graph: ACCOUNTS, key: "id") @join__type(graph: EVENTS, key: "id") {
  id: ID!
  name: String! @join__field(graph: ACCOUNTS)
}
type Review @join__type(graph: EVENTS) {
  body: String!
  author: User!
}
"""
)


def events_app() -> Starlette:
    """`strawberry_app` mounts its GraphQL app, and a mount refuses the WebSocket handshake."""
    graphql = GraphQL(EVENTS)

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/health", health),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ]
    )


@contextlib.contextmanager
def serve_subgraphs() -> Iterator[str]:
    """Serves `accounts` and `events`; yields the supergraph naming their URLs."""
    with (
        serve_in_thread(strawberry_app(ACCOUNTS)) as accounts,
        serve_in_thread(events_app()) as events,
    ):
        yield SUPERGRAPH.replace("{accounts}", f"{accounts}/graphql").replace(
            "{events}", f"{events}/graphql"
        )


def token(subject: str = "user-1") -> str:
    claims = {"sub": subject, "exp": int(time.time()) + 600}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


def gateway_config(supergraph_file: Path, subscriptions: SubscriptionsConfig) -> GatewayConfig:
    return GatewayConfig(
        supergraph=SupergraphConfig(file=str(supergraph_file), poll_interval_seconds=0.05),
        auth=AuthConfig(hs256_secret_env=JWT_SECRET_ENV),
        telemetry=TelemetryConfig(access_log=False),
        subscriptions=subscriptions,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Served:
    """A gateway served in a uvicorn thread: its URLs and its app (for the hub's counts)."""

    base: str
    app: GatewayApp

    @property
    def ws(self) -> str:
        return self.base.replace("http://", "ws://") + "/graphql"

    def metrics(self) -> str:
        return httpx.get(f"{self.base}/metrics", timeout=WAIT).text


@contextlib.contextmanager
def serve_gateway(
    supergraph: str,
    directory: Path,
    subscriptions: SubscriptionsConfig = SubscriptionsConfig(),  # noqa: B008 - frozen
) -> Iterator[Served]:
    """A gateway on `supergraph`, written to a file in `directory` that the gateway watches.

    These tests follow each client subscription to an upstream subscription of its own, so
    identical subscriptions are not shared here (sharing is tested on its own).
    """
    path = directory / "supergraph.graphql"
    path.write_text(supergraph)
    config = gateway_config(path, dataclasses.replace(subscriptions, deduplicate=False))
    gateway = gateway_from_config(config, env=ENV)
    assert isinstance(gateway, Gateway), gateway
    telemetry = gateway.observer
    assert isinstance(telemetry, Telemetry)
    app = create_app(gateway, config, metrics=telemetry.render_metrics, subscriptions=telemetry)
    assert isinstance(app, GatewayApp)
    with serve_in_thread(app) as base:
        yield Served(base=base, app=app)


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the Prometheus exposition `text` (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        sample_name, _, rest = sample.partition("{")
        found = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if sample_name == name and found == wanted:
            return float(value)
    return 0.0


async def until(condition: Callable[[], bool], what: str) -> None:
    """Waits for `condition()`, which reads what another thread changes."""
    try:
        async with asyncio.timeout(WAIT):
            while not condition():  # noqa: ASYNC110 - another thread changes it
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"gave up waiting for {what}") from None


def reviews(tag: str, **arguments: Any) -> dict[str, Any]:
    """A `reviewAdded` subscription's payload, tagged for `UPSTREAM`."""
    extra = "".join(
        f", {name}: {orjson.dumps(value).decode()}" for name, value in arguments.items()
    )
    return {"query": f'subscription {{ reviewAdded(tag: "{tag}"{extra}) {{ body }} }}'}


class GraphQLSocket:
    """One graphql-transport-ws connection spoken by hand."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(orjson.dumps(message).decode())

    async def receive(self) -> dict[str, Any]:
        """The next message other than the server's pings."""
        while True:
            message: dict[str, Any] = orjson.loads(await self.ws.recv())
            if message.get("type") != "ping":
                return message

    async def init(self, subject: str | None = "user-1") -> None:
        payload = {} if subject is None else {"Authorization": f"Bearer {token(subject)}"}
        await self.send({"type": "connection_init", "payload": payload})
        assert await self.receive() == {"type": "connection_ack"}

    async def subscribe(self, sid: str, payload: dict[str, Any]) -> None:
        await self.send({"id": sid, "type": "subscribe", "payload": payload})

    async def close_code(self) -> int | None:
        """Reads until the server closes the connection; the code of its close frame."""
        _, code = await self.drain()
        return code

    async def drain(self) -> tuple[list[dict[str, Any]], int | None]:
        """Every message until the server closes the connection, and the code of its close
        frame (None: the socket ended without one)."""
        messages: list[dict[str, Any]] = []
        try:
            while True:
                messages.append(orjson.loads(await self.ws.recv()))
        except ConnectionClosed as closed:
            return messages, None if closed.rcvd is None else closed.rcvd.code


@contextlib.asynccontextmanager
async def graphql_socket(url: str, **options: Any) -> AsyncIterator[GraphQLSocket]:
    # A short close timeout: a test that leaves the server unable to answer the closing
    # handshake does not wait the default 10 s for it.
    options = {"open_timeout": WAIT, "close_timeout": 1.0, **options}
    async with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")], **options) as ws:
        yield GraphQLSocket(ws)
