"""Subgraph calls over HTTP: JSON POSTs through a pooled keep-alive HTTP/1.1 client.

The client is the gateway's own (`gateway.transport.http1`), which costs a fraction of aiohttp's
CPU per call (docs/decisions/0010-lean-subgraph-http-client.md).
Identical queries in flight at the same time share one HTTP request; each caller decodes the
shared bytes itself, so no two responses share mutable JSON.  A caller that gives up (the
executor's timeout) stops waiting; when the last caller is gone the shared request is cancelled,
so a hung subgraph never holds requests that arrive later beyond their own timeout.
Failures become `SubgraphFetchError`s whose messages name the subgraph and the HTTP status but
never the request's body, variables or headers; a connection that failed before any of the
answer arrived (refused, reset; a kept-alive socket the subgraph had closed is first sent
again on a new connection, for a query) raises `ConnectionFailed`, which a `SubgraphGuard`
(circuit breaker, rate limit, retries: `gateway.traffic`) may retry for a query.  The guard
wraps each request actually sent; `unguarded` bypasses it (the readiness probes, which must
not trip or heal a breaker).
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import orjson
from mypy_extensions import mypyc_attr

from gateway.execution import (
    SUBREQUEST_HTTP_ERROR,
    SUBREQUEST_MALFORMED_RESPONSE,
    SubgraphFetchError,
    SubgraphRequest,
)
from gateway.execution.inflight import InflightTable
from gateway.traffic.errors import ConnectionFailed
from gateway.traffic.subgraphs import SubgraphGuard
from gateway.transport.http1 import HttpClient, HttpFailure, Raw

__all__ = ["SubgraphHttpClient"]

_Raw = Raw  # status, reason, body bytes
_Headers = tuple[tuple[str, str], ...]


# Extended by Python code too (the benchmark's aiohttp variant of the client).
@mypyc_attr(allow_interpreted_subclasses=True)
class SubgraphHttpClient:
    """A `SubgraphFetcher` over HTTP; connections open on first use inside the running loop.

    `pool_size` bounds the connections per origin (scheme, host, port); idle ones close after
    `keepalive_timeout` seconds.  `ssl_context` verifies https subgraphs (a private CA);
    the system's default context otherwise.
    """

    def __init__(
        self,
        endpoints: Mapping[str, str],
        *,
        pool_size: int = 128,
        keepalive_timeout: float = 30.0,
        deduplicate: bool = True,
        dedup_ignored_headers: frozenset[str] = frozenset(
            {"x-request-id", "traceparent", "tracestate"}
        ),
        guard: SubgraphGuard | None = None,
        share_max_age: Callable[[str], float | None] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.endpoints = dict(endpoints)
        # Per subgraph, how long an identical fetch in flight may still be joined (its
        # timeout): a hung one is not joined forever by steady traffic.
        self.share_max_age = share_max_age
        self.pool_size = pool_size
        self.keepalive_timeout = keepalive_timeout
        self.deduplicate = deduplicate
        # Per-request tracing headers that must not stop two clients' identical queries from
        # sharing one fetch (the shared call carries the first caller's values).  Identity
        # headers stay in the key: different users never share a response.
        self.dedup_ignored_headers = dedup_ignored_headers
        self.guard = guard if guard is not None and guard.active else None
        self._http = HttpClient(
            pool_size=pool_size, keepalive_timeout=keepalive_timeout, ssl_context=ssl_context
        )
        self._inflight: InflightTable[_Raw] = InflightTable()

    async def __call__(self, request: SubgraphRequest) -> Any:
        return await self.fetch(request, self.guard)

    async def unguarded(self, request: SubgraphRequest) -> Any:
        """The fetch without the guard's breaker, limits and retries."""
        return await self.fetch(request, None)

    async def fetch(self, request: SubgraphRequest, guard: SubgraphGuard | None) -> Any:
        service = request.service_name
        url = self.endpoints.get(service)
        if url is None:
            raise SubgraphFetchError(
                f"Subgraph '{service}' has no URL in the supergraph.", code=SUBREQUEST_HTTP_ERROR
            )
        payload: dict[str, Any] = {"query": request.query, "variables": request.variables}
        if request.operation_name:
            payload["operationName"] = request.operation_name
        body = orjson.dumps(payload)
        headers = request.headers
        kind = request.operation_kind
        if guard is None:
            send = partial(self._post, service, url, body, headers, kind)
        elif guard.retries_only:
            send = partial(self._post_retried, guard, service, url, body, headers, kind)
        else:
            post = partial(self._post, service, url, body, headers, kind)
            send = partial(guard.call, service, kind, post, _failed)
        if self.deduplicate and kind == "query":
            ignored = self.dedup_ignored_headers
            keyed = tuple(p for p in headers if p[0] not in ignored) if headers else headers
            epoch = None if guard is None else guard.share_epoch(service)
            max_age = self.share_max_age(service) if self.share_max_age is not None else None
            key = (service, body, keyed, guard is None, epoch)
            raw, _ = await self._inflight.share(key, send, max_age)
        else:
            raw = await send()
        return _decode(service, raw)

    async def _post_retried(
        self,
        guard: SubgraphGuard,
        service: str,
        url: str,
        body: bytes,
        headers: _Headers,
        kind: str,
    ) -> _Raw:
        """`_post`, retried by `guard` when only retries are on (the cheapest wrapping)."""
        guard.fetched(service)
        try:
            return await self._post(service, url, body, headers, kind)
        except ConnectionFailed as error:
            post = partial(self._post, service, url, body, headers, kind)
            return await guard.retry(service, kind, post, error)

    async def _post(
        self, service: str, url: str, body: bytes, headers: _Headers, kind: str
    ) -> _Raw:
        # A stale kept-alive connection is retried at once for a query; a mutation is not sent
        # twice on a guess (the subgraph may have run it before the connection broke).
        try:
            return await self._http.post(url, body, headers, repeatable=kind == "query")
        except HttpFailure as error:
            message = f"HTTP fetch failed from '{service}': {error.name}."
            if error.before_any_answer:
                raise ConnectionFailed(message, code=SUBREQUEST_HTTP_ERROR) from None
            raise SubgraphFetchError(message, code=SUBREQUEST_HTTP_ERROR) from None

    def open_connections(self) -> int:
        """Connections open to the subgraphs, idle or busy."""
        return self._http.open_connections()

    async def close(self) -> None:
        """Closes every connection; a later call opens new ones."""
        await self._http.close()


def _failed(raw: _Raw) -> bool:
    """Whether an HTTP answer counts as a failure of the subgraph (for its circuit breaker)."""
    status, _, data = raw
    if status >= 500 or status == 429:
        return True
    # A 2xx that is not a JSON object is no GraphQL response (garbage, an HTML error page).
    return 200 <= status < 300 and data[:64].lstrip()[:1] != b"{"


def _decode(service: str, raw: _Raw) -> Any:
    status, reason, data = raw
    try:
        body = orjson.loads(data)
    except orjson.JSONDecodeError:
        body = None
    if not 200 <= status < 300:
        # A GraphQL-over-HTTP subgraph answers request errors with 4xx and a GraphQL body;
        # its errors are more useful to the client than the bare status.
        if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
            return body
        raise SubgraphFetchError(
            f"HTTP fetch failed from '{service}': {status} {reason}".rstrip() + ".",
            code=SUBREQUEST_HTTP_ERROR,
        )
    if body is None:
        raise SubgraphFetchError(
            f"Subgraph '{service}' returned invalid JSON.", code=SUBREQUEST_MALFORMED_RESPONSE
        )
    return body
