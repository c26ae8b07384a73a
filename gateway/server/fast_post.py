"""`POST /graphql` answered straight on ASGI, in front of the Starlette app.

The hot path of the gateway: measured here, Starlette's request and response objects cost
several times what the cached pipeline costs for a small query.  Everything else (GET, health,
lifespan, 404/405) goes to the Starlette app unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from gateway.request import error_body
from gateway.server.gateway import Gateway
from gateway.server.http import MAX_BODY_BYTES, BadRequest, decode_post, response_type

__all__ = ["ASGIApp", "GraphQLPostFastPath"]

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_TOO_LARGE = BadRequest(status=413, message="The request body is too large.")


class GraphQLPostFastPath:
    """An ASGI app: `POST /graphql` here, anything else to `fallback`."""

    def __init__(self, gateway: Gateway, fallback: ASGIApp) -> None:
        self.gateway = gateway
        self.fallback = fallback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != "/graphql":
            await self.fallback(scope, receive, send)
            return
        content_type = accept = ""
        declared: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value.decode("latin-1")
            elif name == b"accept":
                accept = value.decode("latin-1")
            elif name == b"content-length":
                declared = value
        media_type = response_type(accept)
        try:
            body = await _read_body(receive, declared)
            if body is None:
                return  # the client went away
            decoded = body if isinstance(body, BadRequest) else decode_post(content_type, body)
            if isinstance(decoded, BadRequest):
                payload = error_body(decoded.message, "BAD_REQUEST")
                await _respond(send, decoded.status, payload, media_type)
                return
            answer = await self.gateway.pipeline.execute(decoded)
            await _respond(send, answer.status, answer.body, media_type)
        except Exception:
            logger.exception("unexpected failure while answering a GraphQL request")
            payload = error_body("Internal server error.", "INTERNAL_SERVER_ERROR")
            await _respond(send, 500, payload, media_type)


async def _read_body(receive: Receive, declared: bytes | None) -> bytes | BadRequest | None:
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        return _TOO_LARGE
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return _TOO_LARGE
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _respond(send: Send, status: int, body: dict[str, Any], media_type: str) -> None:
    content = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", media_type.encode()),
                (b"content-length", str(len(content)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": content})
