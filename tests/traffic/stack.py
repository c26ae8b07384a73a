"""A gateway in front of real subgraphs on loopback sockets, for the traffic tests.

`accounts` (Strawberry) owns `Query.me`, `Query.hello` and the `signIn`/`signUp` mutations;
`flaky` (raw ASGI) answers `Query.flaky` and `User.status`, and fails on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import orjson
import strawberry
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL

from gateway.config import config_from_data
from gateway.server import Gateway, create_app, gateway_from_config
from gateway.telemetry import Telemetry
from tests.support.servers import free_port, wait_healthy
from tests.support.supergraphs import JOIN_V03_PREAMBLE

HS_SECRET = "s" * 40


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @strawberry.field
    def name(self) -> str:
        return f"user-{self.id}"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return cls(id=id)


SIGN_INS: list[str] = []


@strawberry.type
class AccountsQuery:
    @strawberry.field
    def me(self) -> User:
        return User(id=strawberry.ID("1"))

    @strawberry.field
    def hello(self) -> str:
        return "world"


@strawberry.type
class AccountsMutation:
    @strawberry.mutation
    def sign_in(self, email: str) -> str:
        SIGN_INS.append(email)
        return f"token-for-{email}"

    @strawberry.mutation
    def sign_up(self, email: str) -> str:
        return f"welcome-{email}"


ACCOUNTS = strawberry.federation.Schema(query=AccountsQuery, mutation=AccountsMutation)


def accounts_app() -> Starlette:
    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/health", health), Mount("/graphql", GraphQL(ACCOUNTS))])


class Flaky:
    """The flaky subgraph's behaviour, set from the test's thread."""

    def __init__(self) -> None:
        self.mode = "ok"  # ok | 500 | hang
        self.calls = 0
        self.release = threading.Event()
        self.lock = threading.Lock()

    def app(self) -> Starlette:
        async def graphql(request: Request) -> Response:
            body = await request.body()
            with self.lock:
                self.calls += 1
            if self.mode == "500":
                return PlainTextResponse("down", status_code=500)
            if self.mode == "hang":
                # A threading.Event (set from the test's thread), so it is polled.
                while not self.release.is_set():  # noqa: ASYNC110 - a threading.Event
                    await asyncio.sleep(0.01)
            payload: Any = orjson.loads(body)
            if "_entities" in payload["query"]:
                reps = payload["variables"]["representations"]
                data: Any = {"_entities": [{"status": f"active-{r['id']}"} for r in reps]}
            else:
                data = {"flaky": "fine"}
            return Response(orjson.dumps({"data": data}), media_type="application/json")

        async def health(_request: Request) -> Response:
            return PlainTextResponse("ok")

        return Starlette(
            routes=[Route("/health", health), Route("/graphql", graphql, methods=["POST"])]
        )


_PREAMBLE = JOIN_V03_PREAMBLE.replace(
    "  query: Query\n}", "  query: Query\n  mutation: Mutation\n}"
)
_SUPERGRAPH = (
    _PREAMBLE
    + """
enum join__Graph {
  ACCOUNTS @join__graph(name: "accounts", url: "{accounts}")
  FLAKY @join__graph(name: "flaky", url: "{flaky}")
}

type Query @join__type(graph: ACCOUNTS) @join__type(graph: FLAKY) {
  me: User! @join__field(graph: ACCOUNTS)
  hello: String! @join__field(graph: ACCOUNTS)
  flaky: String @join__field(graph: FLAKY)
}

type Mutation @join__type(graph: ACCOUNTS) {
  signIn(email: String!): String! @join__field(graph: ACCOUNTS)
  signUp(email: String!): String! @join__field(graph: ACCOUNTS)
}

type User @join__type(graph: ACCOUNTS, key: "id") @join__type(graph: FLAKY, key: "id") {
  id: ID!
  name: String! @join__field(graph: ACCOUNTS)
  status: String @join__field(graph: FLAKY)
}
"""
)


def supergraph_sdl(urls: Mapping[str, str]) -> str:
    sdl = _SUPERGRAPH
    for name, url in urls.items():
        sdl = sdl.replace("{" + name + "}", url)
    return sdl


@contextlib.contextmanager
def serve_gateway(
    data: Mapping[str, Any], sdl: str, env: Mapping[str, str] | None = None
) -> Iterator[tuple[httpx.Client, Gateway]]:
    """The gateway configured by `data` (plus test defaults) on a real socket, and a client."""
    defaults: dict[str, Any] = {
        "supergraph": {"poll_interval_seconds": 0},
        "auth": {"hs256_secret_env": "TEST_TRAFFIC_JWT"},
    }
    config = config_from_data({**defaults, **data})
    gateway = gateway_from_config(
        config, sdl=sdl, env={"TEST_TRAFFIC_JWT": HS_SECRET, **(env or {})}
    )
    assert isinstance(gateway, Gateway), gateway
    observer = gateway.observer
    metrics = observer.render_metrics if isinstance(observer, Telemetry) else None
    app = create_app(gateway, config, metrics=metrics)
    with serve_as_gateway(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client, gateway


@contextlib.contextmanager
def serve_as_gateway(app: Any) -> Iterator[str]:
    """`app` served by uvicorn in a thread as `python -m gateway serve` runs it: without
    uvicorn's own proxy-header handling, so the peer in the scope is the real one."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", proxy_headers=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base + "/health")
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)
