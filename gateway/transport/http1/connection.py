"""One HTTP/1.1 connection: writes a request and parses its response with httptools (llhttp).

One exchange at a time, no pipelining.  The response's head is read only for what the client
needs: the status and reason, how the body is framed, its encoding and whether the connection
may be kept.  Interim (1xx) responses are skipped; a body without length or chunking runs to the
end of the connection (HTTP/1.0 style); gzip and deflate bodies are decompressed.  Anything else
a server may do wrong (bytes that are not HTTP, a head over the size limit, a body cut short,
bytes nobody asked for) fails the exchange and closes the connection, never hangs it.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable
from typing import cast

from httptools import HttpParserError, HttpParserUpgrade, HttpResponseParser

from gateway.transport.http1.errors import (
    BAD_RESPONSE,
    CUT_SHORT,
    DISCONNECTED,
    OS_ERROR,
    HttpFailure,
)

__all__ = ["Connection", "Raw"]

# status, reason, body bytes
Raw = tuple[int, str, bytes]

_INTERESTING = (b"content-length", b"content-encoding", b"transfer-encoding", b"location")
_INTERESTING_LENGTHS = frozenset(len(name) for name in _INTERESTING)


class _HeadTooLarge(Exception):
    """Raised inside the parser's callback; the parser wraps it in an HttpParserError."""


class Connection(asyncio.Protocol):
    """A connection's protocol; the pool that opened it owns it (`counted`, `idle`)."""

    __slots__ = (
        "_body",
        "_done",
        "_encoding",
        "_fields",
        "_framed",
        "_head",
        "_head_done",
        "_loop",
        "_max_head",
        "_on_lost",
        "_parser",
        "_reason",
        "_received",
        "_status",
        "_waiter",
        "counted",
        "idle",
        "idle_since",
        "location",
        "open",
        "reusable",
        "transport",
        "used",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        on_lost: Callable[[Connection], None],
        max_head: int,
    ) -> None:
        self._loop = loop
        self._on_lost = on_lost
        self._max_head = max_head
        self._parser = HttpResponseParser(self)
        self.transport: asyncio.Transport | None = None
        self.open = False
        # False once the connection must not carry another exchange.
        self.reusable = True
        self.used = 0  # exchanges completed: more than 0 means a kept-alive connection
        # The pool's bookkeeping: in its count of connections, in its idle list, since when.
        self.counted = False
        self.idle = False
        self.idle_since = 0.0
        self._waiter: asyncio.Future[Raw] | None = None
        self._received = False  # a byte of the current exchange's answer arrived
        self._done = False  # the current exchange's answer is complete
        self._head = 0  # bytes received while the head was incomplete
        self._fields = 0  # bytes of the header fields parsed
        self._head_done = False
        self._status = 0
        self._reason = b""
        self._body: list[bytes] = []
        self._encoding: bytes | None = None
        self._framed = False  # Content-Length or Transfer-Encoding: not delimited by EOF
        self.location: bytes | None = None  # the last response's Location header

    # -- the exchange

    def exchange(self, request: bytes) -> asyncio.Future[Raw]:
        """Writes `request`; the future resolves with the response or fails with HttpFailure."""
        waiter = self._loop.create_future()
        self._waiter = waiter
        self._received = self._done = self._head_done = False
        self._head = self._fields = self._status = 0
        transport = self.transport
        if transport is None or transport.is_closing() or not self.open:
            # Closed since it went idle, and the loss not processed yet: nothing was sent.
            self.reusable = False
            waiter.set_exception(HttpFailure(DISCONNECTED, answered=False))
            return waiter
        transport.write(request)
        return waiter

    def close(self) -> None:
        self.reusable = False
        if self.transport is not None:
            self.transport.abort()

    # -- asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self.open = True

    def data_received(self, data: bytes) -> None:
        if self._waiter is None or self._done:
            # Bytes nobody asked for: the connection's framing can no longer be trusted.
            self.close()
            return
        self._received = True
        try:
            self._parser.feed_data(data)
        except HttpParserUpgrade:
            self._fail(BAD_RESPONSE)  # 101 Switching Protocols: never asked for
            return
        except HttpParserError:
            self._fail(BAD_RESPONSE if not self._head_done else CUT_SHORT)
            return
        if not self._head_done:
            # A head that never ends (one endless header) grows inside the parser: bound it.
            self._head += len(data)
            if self._head > self._max_head:
                self._fail(BAD_RESPONSE)

    def eof_received(self) -> bool:
        return False  # close the transport; `connection_lost` settles the exchange

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self.reusable = False
        waiter = self._waiter
        if waiter is not None and not waiter.done() and not self._done:
            if self._head_done and not self._framed and self._status >= 200:
                # The body ran to the end of the connection.
                self.on_message_complete()
            elif self._head_done:
                self._fail(CUT_SHORT)
            else:
                self._fail(DISCONNECTED if exc is None else OS_ERROR)
        self._on_lost(self)

    # -- httptools' callbacks

    def on_message_begin(self) -> None:
        if self._done:
            # A second response to one request: the connection is out of step.
            self.reusable = False
        self._head_done = False
        self._status = 0
        self._reason = b""
        self._body = []
        self._encoding = None
        self._framed = False
        self.location = None

    def on_status(self, status: bytes) -> None:
        self._reason += status

    def on_header(self, name: bytes, value: bytes) -> None:
        # A head that arrives whole in one read is bounded here, field by field.
        self._fields += len(name) + len(value)
        if self._fields > self._max_head:
            raise _HeadTooLarge
        # Only four names matter; their lengths rule out most others cheaply.
        if len(name) not in _INTERESTING_LENGTHS:
            return
        name = name.lower()
        if name == b"content-encoding":
            self._encoding = value
        elif name in (b"content-length", b"transfer-encoding"):
            self._framed = True
        elif name == b"location":
            self.location = value

    def on_headers_complete(self) -> None:
        self._head_done = True
        self._status = self._parser.get_status_code()

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        status = self._status
        if status < 200:
            # 100 Continue, 103 Early Hints: the final response follows on the same bytes.
            self._head_done = False
            return
        waiter = self._waiter
        if self._done or waiter is None or waiter.done():
            self.reusable = False
            return
        body = b"".join(self._body)
        self._body = []
        if self._encoding is not None:
            try:
                body = _decoded(body, self._encoding)
            except (zlib.error, ValueError):
                self._fail(CUT_SHORT)
                return
        self._done = True
        self.used += 1
        if self.open and not self._parser.should_keep_alive():
            self.reusable = False
        waiter.set_result((status, self._reason.decode("latin-1"), body))

    # -- failure

    def _fail(self, name: str) -> None:
        self.reusable = False
        waiter = self._waiter
        if waiter is not None and not waiter.done() and not self._done:
            self._done = True
            waiter.set_exception(HttpFailure(name, answered=self._received))
        if self.transport is not None:
            self.transport.abort()


def _decoded(body: bytes, encoding: bytes) -> bytes:
    """`body` without its Content-Encoding (gzip or deflate; others are refused)."""
    coding = encoding.strip().lower()
    if coding in (b"", b"identity"):
        return body
    if coding in (b"gzip", b"x-gzip"):
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if coding == b"deflate":
        try:
            return zlib.decompress(body)  # zlib-wrapped, as RFC 9110 defines it
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some servers send
    raise ValueError(f"unsupported content-encoding {coding!r}")
