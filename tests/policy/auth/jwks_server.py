"""A real JWKS endpoint on a loopback port (aiohttp), whose key set and health tests change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.servers import free_port


@dataclass(slots=True)
class JwksServer:
    document: dict[str, Any]
    url: str = ""
    status: int = 200
    body: bytes | None = None
    fetches: int = 0
    _runner: web.AppRunner | None = field(default=None, repr=False)

    async def handle(self, _request: web.Request) -> web.Response:
        self.fetches += 1
        if self.body is not None:
            return web.Response(body=self.body, status=self.status)
        return web.json_response(self.document, status=self.status)


@asynccontextmanager
async def serve_jwks(document: dict[str, Any]) -> AsyncIterator[JwksServer]:
    server = JwksServer(document=document)
    app = web.Application()
    app.router.add_get("/.well-known/jwks.json", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    server.url = f"http://127.0.0.1:{port}/.well-known/jwks.json"
    try:
        yield server
    finally:
        await runner.cleanup()
