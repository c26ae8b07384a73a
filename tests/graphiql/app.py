"""The app the browser test opens: `create_app` once it serves GraphiQL, a stand-in until then.

The stand-in serves `graphiql_page` at GET /graphql and `asset` under /graphiql/assets/, and
sends POST /graphql to the server's real fast path, so the page talks to the real pipeline.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from gateway.config import GatewayConfig
from gateway.graphiql import PAGE_CSP, asset, graphiql_page
from gateway.server import Gateway
from gateway.server.fast_post import ASGIApp, GraphQLPostFastPath


def graphiql_app(gateway: Gateway, config: GatewayConfig) -> ASGIApp:
    async def page(_request: Request) -> Response:
        return Response(
            graphiql_page(config),
            media_type="text/html; charset=utf-8",
            headers={"content-security-policy": PAGE_CSP},
        )

    async def assets(request: Request) -> Response:
        found = asset(request.path_params["name"], assets_dir=config.graphiql.assets_dir)
        if found is None:
            return PlainTextResponse("not found", status_code=404)
        body, content_type = found
        return Response(body, headers={"content-type": content_type})

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await gateway.close()

    starlette = Starlette(
        lifespan=lifespan,
        routes=[
            Route(config.server.graphql_path, page, methods=["GET"]),
            Route("/graphiql/assets/{name:path}", assets, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
    )
    return GraphQLPostFastPath(gateway, starlette)
