"""Stand-in subgraphs and registry for the runtime tests, and two supergraphs over them.

Each stand-in answers `where` with its own name, `slow` only once the test releases it, and
`__typename` like any GraphQL service.  Version A of the supergraph resolves `Query.where` from
`alpha`, version B from `beta`, and B reaches both subgraphs through different URLs (a query
string), so every swap between them also replaces the subgraph pools.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.support.supergraphs import JOIN_V03_PREAMBLE


class StandIn:
    """One subgraph's behaviour, set by the test (from its own thread)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.delay = 0.0
        self.failing = False
        self.calls = 0
        self.typename_calls = 0
        self.slow_arrived = threading.Event()
        self.release = threading.Event()

    def app(self) -> Starlette:
        async def graphql(request: Request) -> Response:
            self.calls += 1
            payload: Any = orjson.loads(await request.body())
            query: str = payload["query"]
            if self.failing:
                return PlainTextResponse("down for maintenance", status_code=503)
            if self.delay:
                await asyncio.sleep(self.delay)
            data: dict[str, Any] = {}
            if "__typename" in query:
                self.typename_calls += 1
                data["__typename"] = "Query"
            if "where" in query:
                data["where"] = self.name
            if "slow" in query:
                self.slow_arrived.set()
                # A threading.Event (the test sets it from its own thread), so it is polled.
                while not self.release.is_set():  # noqa: ASYNC110 - a threading.Event
                    await asyncio.sleep(0.01)
                data["slow"] = "done"
            return Response(orjson.dumps({"data": data}), media_type="application/json")

        async def health(_request: Request) -> Response:
            return PlainTextResponse("ok")

        return Starlette(
            routes=[Route("/graphql", graphql, methods=["POST"]), Route("/health", health)]
        )


_TEMPLATE = (
    JOIN_V03_PREAMBLE
    + """

enum join__Graph {
  ALPHA @join__graph(name: "alpha", url: "ALPHA_URL")
  BETA @join__graph(name: "beta", url: "BETA_URL")
}

type Query @join__type(graph: ALPHA) @join__type(graph: BETA) {
  where: String @join__field(graph: OWNER)
  slow: String @join__field(graph: ALPHA)
}
"""
)

INVALID_SDL = "type Query { where: String"


class Registry:
    """A supergraph served with an ETag, as the registry will."""

    def __init__(self) -> None:
        self.sdl = "v1 sdl"
        self.etag = '"v1"'
        self.status = 200
        self.hang = threading.Event()
        self.release = threading.Event()
        self.seen_if_none_match: list[str | None] = []

    def app(self) -> Starlette:
        async def supergraph(request: Request) -> Response:
            self.seen_if_none_match.append(request.headers.get("if-none-match"))
            if self.hang.is_set():
                while not self.release.is_set():  # noqa: ASYNC110 (set from the test's thread)
                    await asyncio.sleep(0.01)
            if self.status != 200:
                return PlainTextResponse("registry trouble", status_code=self.status)
            if request.headers.get("if-none-match") == self.etag:
                return Response(status_code=304, headers={"etag": self.etag})
            return PlainTextResponse(self.sdl, headers={"etag": self.etag})

        async def health(_request: Request) -> Response:
            return PlainTextResponse("ok")

        return Starlette(routes=[Route("/supergraph", supergraph), Route("/health", health)])


def supergraph(version: str, alpha: str, beta: str) -> str:
    """Version "A" (`where` from alpha) or "B" (`where` from beta, other URLs)."""
    suffix = "" if version == "A" else "?generation=b"
    owner = "ALPHA" if version == "A" else "BETA"
    return (
        _TEMPLATE.replace("ALPHA_URL", alpha + suffix)
        .replace("BETA_URL", beta + suffix)
        .replace("OWNER", owner)
    )


def where_of(version: str) -> str:
    return "alpha" if version == "A" else "beta"
