"""Raw ASGI plumbing the server's handlers share: the types, a bounded body read, one response."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

__all__ = [
    "ASGIApp",
    "BodyTooLarge",
    "Message",
    "RawHeader",
    "Receive",
    "Scope",
    "Send",
    "inbound_headers",
    "query_params",
    "read_body",
    "send_response",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
RawHeader = tuple[bytes, bytes]


class BodyTooLarge:
    """The body (declared or received) is over the limit; nothing more is read."""


_TOO_LARGE = BodyTooLarge()


def inbound_headers(scope: Scope) -> dict[str, str]:
    """The request's headers by name; the last value wins for repeated names.

    ASGI requires servers to lower-case header names, so they are used as they come.
    """
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}


def query_params(scope: Scope) -> dict[str, str]:
    """The query string's parameters (percent-decoded as UTF-8); the last value wins."""
    raw: bytes = scope.get("query_string", b"")
    if not raw:
        return {}
    text = raw.decode("utf-8", "replace")
    return dict(parse_qsl(text, keep_blank_values=True, errors="replace"))


async def read_body(
    receive: Receive, limit: int, declared: str | None
) -> bytes | BodyTooLarge | None:
    """The whole request body, `BodyTooLarge`, or None when the client went away."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return _TOO_LARGE
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return _TOO_LARGE
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def send_response(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes | None,
    headers: Iterable[RawHeader] = (),
) -> None:
    """One whole response; `content_type` None for a response without content (204)."""
    start: list[RawHeader] = []
    if content_type is not None:
        start.append((b"content-type", content_type))
    # A 204 must not carry Content-Length (RFC 9110, 8.6).
    if status != 204:
        start.append((b"content-length", str(len(body)).encode()))
    start.extend(headers)
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": body})
