"""Apollo's multipart HTTP subscriptions: a subscription answered in one `multipart/mixed`
response.

A client that takes `multipart/mixed` with `subscriptionSpec=1.0` (Apollo Client, Apollo
Kotlin and Apollo iOS send `Accept: multipart/mixed;boundary="graphql";subscriptionSpec=1.0,
application/json`) and sends a subscription gets 200
`multipart/mixed;boundary="graphql";subscriptionSpec="1.0"`.  Each part has a
`content-type: application/json` header and one JSON body:

    {"payload": {"data": …, "errors": […]}}    an event; GraphQL errors stay in the payload
    {}                                         a heartbeat, every `multipart_heartbeat_seconds`
    {"payload": null, "errors": […]}           a transport-level error, always the last part

Each part is written with the delimiter that follows it (`CRLF--graphql`), so a client parses
it as soon as it arrives; the close delimiter `--graphql--` ends the response.  The subgraph
completing the subscription ends it; a subgraph's refusal is its last event.  The gateway ends
it with a transport-level error: SUBSCRIPTION_SCHEMA_RELOAD when it serves a new supergraph (the
client subscribes again, as with Apollo Router), SUBSCRIPTION_SHUTDOWN when it shuts down,
SUBSCRIPTION_LIMIT_EXCEEDED when the process holds `max_total` subscriptions.  A client too slow
to read its queue is cut off.

Queries and mutations sent with this `Accept`, and requests refused before a subscription
started, are answered like any HTTP request (JSON, or `@defer`'s multipart): these clients
take JSON too.
"""

from __future__ import annotations

import contextlib

import orjson

from gateway.request import ExecutionResult, Refusal, SubscriptionResult
from gateway.server.http.asgi import RawHeader, Receive, Send
from gateway.server.http.negotiation import Stream
from gateway.server.http.streams import LIMIT_ERROR, HttpStream, StreamEnd, StreamGone
from gateway.server.http.subscriptions import SCHEMA_RELOAD, SubscriptionHub

__all__ = ["CONTENT_TYPE", "SHUTDOWN", "MultipartSubscription", "serve_multipart_subscription"]

CONTENT_TYPE = b'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"'
# The code of the transport-level error that ends a subscription when the gateway shuts down.
SHUTDOWN = "SUBSCRIPTION_SHUTDOWN"
_DELIMITER = b"\r\n--graphql"
_HEAD = b"\r\ncontent-type: application/json\r\n\r\n"
_CLOSE = b"--\r\n"  # after a delimiter: the close delimiter


def _part(body: bytes) -> bytes:
    return _HEAD + body + _DELIMITER


def _transport_error(error: object) -> bytes:
    return _part(orjson.dumps({"payload": None, "errors": [error]}))


def _error(message: str, code: str) -> dict[str, object]:
    return {"message": message, "extensions": {"code": code}}


_LAST = {
    StreamEnd.RELOAD: _transport_error(
        _error("The supergraph changed: subscribe again.", SCHEMA_RELOAD)
    ),
    StreamEnd.SHUTDOWN: _transport_error(_error("The gateway is shutting down.", SHUTDOWN)),
    StreamEnd.LIMIT: _transport_error(LIMIT_ERROR),
}


class MultipartSubscription(HttpStream):
    protocol = Stream.MULTIPART.value
    content_type = CONTENT_TYPE
    opening = _DELIMITER
    keepalive = _part(b"{}")

    def event(self, item: ExecutionResult | Refusal) -> bytes:
        return _part(b'{"payload":' + item.encoded() + b"}")

    def closing(self, end: StreamEnd) -> bytes:
        return _LAST.get(end, b"") + _CLOSE


async def serve_multipart_subscription(
    hub: SubscriptionHub,
    send: Send,
    receive: Receive,
    result: SubscriptionResult,
    headers: list[RawHeader],
) -> None:
    """Streams `result` as multipart parts until it ends."""
    stream = MultipartSubscription(hub, send, receive, hub.config.multipart_heartbeat_seconds)
    await stream.start(headers)
    with contextlib.suppress(StreamGone):
        await stream.subscribe(result)
