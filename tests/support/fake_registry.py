"""A small schema registry on a real socket: the contract the gateway relies on, and a record.

    GET  /graphs/{graph}/variants/{variant}/supergraph   200 (SDL, ETag, X-Registry-Version),
                                                        304 on a matching If-None-Match,
                                                        401 without the token, 404 before a
                                                        publish, or the status the test forces
    POST /graphs/{graph}/variants/{variant}/usage        202 {"accepted": n}, recorded; or the
                                                        status the test forces, after a delay
    GET  /health

The test changes its behaviour from its own thread (plain attributes, read per request).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.support.servers import serve_in_thread

TOKEN = "read-token-for-tests"
TOKEN_ENV = "GATEWAY_REGISTRY_TOKEN"


@dataclass(slots=True)
class SupergraphRequest:
    authorization: str | None
    if_none_match: str | None
    status: int


@dataclass
class FakeRegistry:
    graph: str = "tutorgraph"
    variant: str = "current"
    token: str = TOKEN
    sdl: str | None = None
    version: str = "0"
    # Forced answers: a status for every supergraph GET / usage POST (None: behave).
    supergraph_status: int | None = None
    usage_status: int | None = None
    usage_delay: float = 0.0
    supergraph_requests: list[SupergraphRequest] = field(default_factory=list)
    # Usage reports accepted (the JSON bodies), and every POST's authorization header.
    reports: list[dict[str, Any]] = field(default_factory=list)
    usage_posts: int = 0

    def publish(self, sdl: str, version: str) -> None:
        self.sdl, self.version = sdl, version

    @property
    def etag(self) -> str:
        assert self.sdl is not None
        return '"' + hashlib.sha256(self.sdl.encode()).hexdigest()[:16] + '"'

    @property
    def operations(self) -> list[dict[str, Any]]:
        """Every reported operation entry, in the order received."""
        return [entry for report in self.reports for entry in report["operations"]]

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.token}"

    def app(self) -> Starlette:
        prefix = f"/graphs/{self.graph}/variants/{self.variant}"

        async def supergraph(request: Request) -> Response:
            answer = self._supergraph(request)
            self.supergraph_requests.append(
                SupergraphRequest(
                    authorization=request.headers.get("authorization"),
                    if_none_match=request.headers.get("if-none-match"),
                    status=answer.status_code,
                )
            )
            return answer

        async def usage(request: Request) -> Response:
            self.usage_posts += 1
            if self.usage_delay:
                await asyncio.sleep(self.usage_delay)
            if self.usage_status is not None:
                return PlainTextResponse("usage unavailable", status_code=self.usage_status)
            if not self._authorized(request):
                return JSONResponse({"error": "unauthorized"}, status_code=401)
            body = orjson.loads(await request.body())
            self.reports.append(body)
            return JSONResponse({"accepted": len(body["operations"])}, status_code=202)

        async def health(_request: Request) -> Response:
            return PlainTextResponse("ok")

        return Starlette(
            routes=[
                Route(f"{prefix}/supergraph", supergraph, methods=["GET"]),
                Route(f"{prefix}/usage", usage, methods=["POST"]),
                Route("/health", health),
            ]
        )

    def _supergraph(self, request: Request) -> Response:
        if self.supergraph_status is not None:
            return PlainTextResponse("registry trouble", status_code=self.supergraph_status)
        if not self._authorized(request):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        if self.sdl is None:
            return JSONResponse({"error": "no supergraph composed yet"}, status_code=404)
        headers = {"etag": self.etag, "x-registry-version": self.version}
        if request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        return PlainTextResponse(self.sdl, headers=headers)


@contextlib.contextmanager
def running_registry(registry: FakeRegistry) -> Iterator[str]:
    """Serves `registry` on a free loopback port; yields its base URL."""
    with serve_in_thread(registry.app()) as base:
        yield base
