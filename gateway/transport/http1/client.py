"""An HTTP/1.1 client for JSON POSTs: a connection pool per origin, TLS, one transparent retry.

Each URL is parsed once into its origin and the request head's fixed part; a request is then
that prefix, the caller's headers, Content-Length and the body, written in one piece.  No
User-Agent and no Accept-Encoding are sent (a server that compresses anyway is understood).
A kept-alive connection the server closed in the meantime fails before any byte of the answer
arrives; such an exchange is sent again once on a fresh connection when the caller says the
request may be repeated.  A 307 or 308 redirect to the same host is followed (a trailing
slash added by the server's router, http to https).  Every other failure is the caller's to
handle (`HttpFailure`).
The client sets no timeout: its callers cancel, and a cancelled exchange's connection is closed,
never handed to the next request half read.
"""

from __future__ import annotations

import asyncio
import base64
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from gateway.transport.http1.connection import Connection, Raw
from gateway.transport.http1.errors import (
    BAD_HEADER,
    CERTIFICATE,
    CONNECT,
    INVALID_URL,
    TLS,
    HttpFailure,
)
from gateway.transport.http1.pool import Pool

__all__ = ["HttpClient"]

_ACCEPT = b"application/graphql-response+json, application/json"
# Redirects followed for one request (aiohttp's default was 10).
MAX_REDIRECTS = 10
# A response head larger than this is refused (aiohttp allowed 8 KiB per line, 128 lines).
MAX_HEAD_BYTES = 64 * 1024

_Origin = tuple[str, str, int]  # scheme, host, port
_Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class _Target:
    origin: _Origin
    prefix: bytes  # the request line and the fixed headers


class HttpClient:
    """POSTs JSON bodies to URLs; pools open inside the running loop on first use."""

    def __init__(
        self,
        *,
        pool_size: int = 128,
        keepalive_timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
        max_head_bytes: int = MAX_HEAD_BYTES,
    ) -> None:
        self.pool_size = pool_size
        self.keepalive_timeout = keepalive_timeout
        self.max_head_bytes = max_head_bytes
        self._ssl_context = ssl_context
        self._targets: dict[str, _Target] = {}
        self._pools: dict[_Origin, Pool] = {}

    def open_connections(self) -> int:
        return sum(len(pool) for pool in self._pools.values())

    async def post(
        self, url: str, body: bytes, headers: _Headers = (), *, repeatable: bool = True
    ) -> Raw:
        """(status, reason, body) of the answer; `repeatable`: a stale connection may resend.

        A 307 or 308 to the same host is followed (the same POST again), up to
        `MAX_REDIRECTS` times; any other redirect is the answer.
        """
        target = self._targets.get(url)
        if target is None:
            target = self._targets[url] = _target(url)
        raw, location = await self._exchange(target, body, headers, repeatable)
        hops = 0
        while raw[0] in (307, 308) and location is not None and hops < MAX_REDIRECTS:
            hops += 1
            url = urljoin(url, location.decode("latin-1"))
            try:
                following = _target(url)  # not cached: a server could name new URLs forever
            except HttpFailure:
                break
            if following.origin[1] != target.origin[1]:
                # The caller's headers (identity, the gateway's secret) stay with its host.
                break
            raw, location = await self._exchange(following, body, headers, repeatable)
        return raw

    async def _exchange(
        self, target: _Target, body: bytes, headers: _Headers, repeatable: bool
    ) -> tuple[Raw, bytes | None]:
        pool = self._pools.get(target.origin)
        if pool is None:
            pool = self._pool(target.origin)
        request = _request(target.prefix, body, headers)
        conn = await pool.acquire()
        try:
            raw = await conn.exchange(request)
        except HttpFailure as failure:
            pool.discard(conn)
            if failure.answered or not conn.used or not repeatable:
                raise
            # A kept-alive connection that the server had closed: once more, on a new one.
            conn = await pool.acquire(fresh=True)
            try:
                raw = await conn.exchange(request)
            except BaseException:
                pool.discard(conn)
                raise
        except BaseException:
            pool.discard(conn)  # cancelled mid-exchange: the rest of the answer is unread
            raise
        location = conn.location
        pool.release(conn)
        return raw, location

    async def close(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()
        # Let the transports run their `connection_lost` (the pending exchanges fail there).
        await asyncio.sleep(0)

    def _pool(self, origin: _Origin) -> Pool:
        scheme, host, port = origin
        context: ssl.SSLContext | None = None
        if scheme == "https":
            context = self._ssl_context
            if context is None:
                context = self._ssl_context = ssl.create_default_context()
        loop = asyncio.get_running_loop()
        max_head = self.max_head_bytes

        async def connect(pool: Pool) -> Connection:
            try:
                _, conn = await loop.create_connection(
                    lambda: Connection(loop, pool.lost, max_head),
                    host,
                    port,
                    ssl=context,
                    server_hostname=host if context is not None else None,
                )
            except ssl.SSLCertVerificationError:
                raise HttpFailure(CERTIFICATE, answered=False, retriable=False) from None
            except ssl.SSLError:
                raise HttpFailure(TLS, answered=False, retriable=False) from None
            except OSError:
                raise HttpFailure(CONNECT, answered=False) from None
            return conn

        pool = self._pools[origin] = Pool(
            loop, connect, limit=self.pool_size, keepalive=self.keepalive_timeout
        )
        return pool


def _target(url: str) -> _Target:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise HttpFailure(INVALID_URL, answered=False, retriable=False)
    host = parts.hostname
    default = 443 if scheme == "https" else 80
    try:
        port = parts.port or default
    except ValueError:
        raise HttpFailure(INVALID_URL, answered=False, retriable=False) from None
    authority = f"[{host}]" if ":" in host else host
    if port != default:
        authority = f"{authority}:{port}"
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    lines = [
        f"POST {path} HTTP/1.1",
        f"host: {authority}",
        "content-type: application/json",
        f"accept: {_ACCEPT.decode()}",
    ]
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        lines.append(f"authorization: Basic {base64.b64encode(credentials.encode()).decode()}")
    prefix = "".join(f"{line}\r\n" for line in lines).encode()
    return _Target(origin=(scheme, host, port), prefix=prefix)


def _request(prefix: bytes, body: bytes, headers: _Headers) -> bytes:
    length = b"content-length: %d\r\n" % len(body)
    if not headers:
        return b"".join((prefix, length, b"\r\n", body))
    extra = "".join([f"{name}: {value}\r\n" for name, value in headers])
    count = len(headers)
    if extra.count("\n") != count or extra.count("\r") != count:
        # A line break inside a header would start a header (or a request) of its own.
        raise HttpFailure(BAD_HEADER, answered=False, retriable=False)
    return b"".join((prefix, length, extra.encode(), b"\r\n", body))
