"""The ASGI app: GraphQL over HTTP on `/graphql`, readiness on `/health`.

Every answer is JSON; an unexpected failure is logged and the client gets a 500 with a generic
message, never a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.request import error_body
from gateway.server.fast_post import ASGIApp, GraphQLPostFastPath
from gateway.server.gateway import Gateway
from gateway.server.http import BadRequest, decode_get, response_type

__all__ = ["create_app"]

logger = logging.getLogger(__name__)


def create_app(gateway: Gateway) -> ASGIApp:
    """The app serving `gateway`; it closes the gateway's subgraph pools on shutdown.

    `POST /graphql` is answered by `GraphQLPostFastPath`; the Starlette app behind it does the
    rest: GET queries, health, lifespan and JSON refusals.
    """
    state: dict[str, bool] = {"ready": False}

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        state["ready"] = True
        try:
            yield
        finally:
            state["ready"] = False
            await gateway.close()

    async def health(_request: Request) -> Response:
        if state["ready"]:
            return _json({"status": "ok"}, 200)
        return _json({"status": "starting"}, 503)

    async def graphql(request: Request) -> Response:
        media_type = response_type(request.headers.get("accept", ""))
        try:
            decoded = decode_get(dict(request.query_params))
            if isinstance(decoded, BadRequest):
                return _json(error_body(decoded.message, "BAD_REQUEST"), decoded.status, media_type)
            answer = await gateway.pipeline.execute(decoded)
            return _json(answer.body, answer.status, media_type)
        except Exception:
            logger.exception("unexpected failure while answering a GraphQL request")
            body = error_body("Internal server error.", "INTERNAL_SERVER_ERROR")
            return _json(body, 500, media_type)

    starlette = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    return GraphQLPostFastPath(gateway, starlette)


async def _http_error(_request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (404, 405) as JSON like every other answer."""
    assert isinstance(exc, HTTPException)
    return _json(error_body(exc.detail, "BAD_REQUEST"), exc.status_code)


async def _server_error(_request: Request, exc: Exception) -> Response:
    logger.error("unhandled error", exc_info=exc)
    return _json(error_body("Internal server error.", "INTERNAL_SERVER_ERROR"), 500)


def _json(body: dict[str, Any], status: int, media_type: str = "application/json") -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type)
