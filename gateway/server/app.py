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

from gateway.request import GraphQLRequest, error_body
from gateway.server.gateway import Gateway
from gateway.server.http import BadRequest, decode_get, decode_post

__all__ = ["MAX_BODY_BYTES", "create_app"]

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024
_GRAPHQL_RESPONSE = "application/graphql-response+json"


def create_app(gateway: Gateway) -> Starlette:
    """The app serving `gateway`; it closes the gateway's subgraph pools on shutdown."""
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
        media_type = _response_type(request.headers.get("accept", ""))
        try:
            decoded = await _decode(request)
            if isinstance(decoded, BadRequest):
                return _json(error_body(decoded.message, "BAD_REQUEST"), decoded.status, media_type)
            answer = await gateway.pipeline.execute(decoded)
            return _json(answer.body, answer.status, media_type)
        except Exception:
            logger.exception("unexpected failure while answering a GraphQL request")
            body = error_body("Internal server error.", "INTERNAL_SERVER_ERROR")
            return _json(body, 500, media_type)

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/health", health, methods=["GET"]),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )


async def _http_error(_request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (404, 405) as JSON like every other answer."""
    assert isinstance(exc, HTTPException)
    return _json(error_body(exc.detail, "BAD_REQUEST"), exc.status_code)


async def _server_error(_request: Request, exc: Exception) -> Response:
    logger.error("unhandled error", exc_info=exc)
    return _json(error_body("Internal server error.", "INTERNAL_SERVER_ERROR"), 500)


async def _decode(request: Request) -> GraphQLRequest | BadRequest:
    if request.method == "GET":
        return decode_get(dict(request.query_params))
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        return BadRequest(status=413, message="The request body is too large.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return BadRequest(status=413, message="The request body is too large.")
        chunks.append(chunk)
    return decode_post(request.headers.get("content-type", ""), b"".join(chunks))


def _response_type(accept: str) -> str:
    return _GRAPHQL_RESPONSE if _GRAPHQL_RESPONSE in accept else "application/json"


def _json(body: dict[str, Any], status: int, media_type: str = "application/json") -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type)
