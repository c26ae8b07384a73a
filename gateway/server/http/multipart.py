"""Incremental delivery over HTTP: `multipart/mixed; deferSpec=20220824`.

What Apollo Client, Relay and urql send for `@defer` is `Accept: multipart/mixed;
deferSpec=20220824, application/json`.  The answer streams one part per payload, the boundary
being `-`: each part is `CRLF---CRLF`, a `Content-Type: application/json; charset=utf-8` header,
an empty line and a JSON payload, and the body ends with `CRLF-----CRLF`.  The first payload is
`{data, errors?,
hasNext: true}`, the later ones `{incremental: [...], hasNext}` (see `IncrementalResult`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any

import orjson

from gateway.request.outcome import IncrementalResult
from gateway.server.http.asgi import RawHeader, Send

__all__ = ["CONTENT_TYPE", "accepts_multipart", "incremental_payloads", "send_incremental"]

logger = logging.getLogger(__name__)

CONTENT_TYPE = b'multipart/mixed; boundary="-"; deferSpec=20220824'
_PART = b"\r\n---\r\nContent-Type: application/json; charset=utf-8\r\n\r\n"
_END = b"\r\n-----\r\n"


def accepts_multipart(accept: str) -> bool:
    """Whether `Accept` takes `multipart/mixed` with a deferSpec this gateway speaks (or none)."""
    for part in accept.split(","):
        media_range, *params = part.split(";")
        if media_range.strip().lower() != "multipart/mixed":
            continue
        spec = None
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            name = name.strip().lower()
            value = value.strip().strip('"')
            if name == "deferspec":
                spec = value
            elif name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and spec in (None, "20220824"):
            return True
    return False


async def send_incremental(
    send: Send, result: IncrementalResult, headers: Iterable[RawHeader] = ()
) -> None:
    """Stream `result`: the initial payload, then each later one as the pipeline makes it."""
    start = [(b"content-type", CONTENT_TYPE), *headers]
    await send({"type": "http.response.start", "status": 200, "headers": start})
    payloads = incremental_payloads(result)
    try:
        async for payload in payloads:
            await _part(send, payload)  # an OSError: the client went away, nothing more to send
    finally:
        await payloads.aclose()  # type: ignore[attr-defined]
    await send({"type": "http.response.body", "body": _END, "more_body": False})


async def incremental_payloads(result: IncrementalResult) -> AsyncIterator[Mapping[str, Any]]:
    """What a client receives of `result`, whatever frames it: the initial payload
    (`hasNext: true`), then each later one as the pipeline makes it; a failure after the first
    ends it with `{"hasNext": false}` (logged).  Closing it stops deferred fetches still
    running (the client went away)."""
    yield {**result.initial.body, "hasNext": True}
    try:
        async for payload in result.subsequent:
            yield payload
    except Exception:
        logger.exception("incremental delivery failed after the first payload")
        yield {"hasNext": False}
    finally:
        close = getattr(result.subsequent, "aclose", None)
        if close is not None:
            await close()


async def _part(send: Send, payload: Any) -> None:
    body = _PART + orjson.dumps(payload)
    await send({"type": "http.response.body", "body": body, "more_body": True})
