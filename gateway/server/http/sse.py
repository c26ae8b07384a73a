"""GraphQL over Server-Sent Events, in graphql-sse's distinct connections mode: one operation
per request, its results streamed in the response.

A POST (JSON body) or a GET (query parameters) on the GraphQL path whose `Accept` prefers
`text/event-stream` is answered 200 `text/event-stream`, whatever the operation:

    event: next
    data: {"data": …}

    event: complete
    data:

A subscription sends a `next` per event, then `complete` when the subgraph completes it; a
query or mutation one `next` (a `@defer`red query: the first payload with `hasNext: true`, then a
`next` per later payload).  A request refused before execution (decoding, CSRF, authentication,
rate limits, validation, the process's subscription limit) is one `next` whose data holds the
errors, then `complete`: the protocol asks for that, as an HTTP error status would tell the
client nothing it can show and make it retry.  A subscription that fails sends the errors in a
last `next`, then `complete`.

The stream ends without `complete` when the client reads too slowly (its queue filled), the
gateway shuts down, or a new supergraph is served: the graphql-sse client takes a stream that
closes while it waits for results as a network error and retries with backoff, so it subscribes
again, planned on the new supergraph.  A comment (`:`) opens the stream and is repeated every
`ping_interval_seconds`, so proxies keep an idle stream open.
"""

from __future__ import annotations

import contextlib
import logging
from typing import assert_never

import orjson

from gateway.request import (
    ExecutionResult,
    IncrementalResult,
    Outcome,
    Refusal,
    SubscriptionResult,
)
from gateway.server.http.asgi import RawHeader, Receive, Send
from gateway.server.http.multipart import incremental_payloads
from gateway.server.http.negotiation import Stream
from gateway.server.http.streams import LIMIT_ERROR, HttpStream, StreamEnd, StreamGone
from gateway.server.http.subscriptions import SubscriptionHub

__all__ = ["CONTENT_TYPE", "SseStream", "serve_sse"]

logger = logging.getLogger(__name__)

CONTENT_TYPE = b"text/event-stream; charset=utf-8"
_COMMENT = b":\n\n"
# `data:` even when empty: an event without a data line is never dispatched (EventSource).
_COMPLETE = b"event: complete\ndata:\n\n"
_LAST = {
    StreamEnd.COMPLETE: _COMPLETE,
    StreamEnd.ERROR: _COMPLETE,
    StreamEnd.LIMIT: b"event: next\ndata: "
    + orjson.dumps({"errors": [LIMIT_ERROR]})
    + b"\n\n"
    + _COMPLETE,
    # No `complete`: the client retries.  Comments say why to whoever reads the stream.
    StreamEnd.RELOAD: b": The supergraph changed: subscribe again.\n\n",
    StreamEnd.SHUTDOWN: b": The gateway is shutting down.\n\n",
    StreamEnd.TOO_SLOW: b"",
    StreamEnd.CLIENT: b"",
}


def _next(body: bytes) -> bytes:
    return b"event: next\ndata: " + body + b"\n\n"


class SseStream(HttpStream):
    protocol = Stream.SSE.value
    content_type = CONTENT_TYPE
    opening = _COMMENT
    keepalive = _COMMENT

    def event(self, item: ExecutionResult | Refusal) -> bytes:
        return _next(item.encoded())

    def closing(self, end: StreamEnd) -> bytes:
        return _LAST[end]


async def serve_sse(
    hub: SubscriptionHub,
    send: Send,
    receive: Receive,
    outcome: Outcome | SubscriptionResult,
    headers: list[RawHeader],
) -> None:
    """Streams `outcome` (a refusal included) as server-sent events."""
    stream = SseStream(hub, send, receive, hub.config.ping_interval_seconds)
    await stream.start(headers)
    with contextlib.suppress(StreamGone):
        match outcome:
            case SubscriptionResult():
                await stream.subscribe(outcome)
            case ExecutionResult() | Refusal():
                await stream.finish(stream.event(outcome) + _COMPLETE)
            case IncrementalResult():
                await _incremental(stream, outcome)
            case _:
                assert_never(outcome)


async def _incremental(stream: SseStream, result: IncrementalResult) -> None:
    """The first payload, then each later one as the pipeline makes it, then `complete`."""
    payloads = incremental_payloads(result)
    try:
        async for payload in payloads:
            await stream.write(_next(orjson.dumps(payload)))
    finally:
        await payloads.aclose()  # type: ignore[attr-defined]
    await stream.finish(_COMPLETE)
