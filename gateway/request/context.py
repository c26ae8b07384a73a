"""Per-request facts that outlive parsing (who asks, with which headers) and the observer hook.

The HTTP server builds a `RequestContext` for every request: the request id (the client's
`x-request-id` or a new one), the inbound headers, and the claims of a verified JWT.  The pipeline
hands it to the stages that need it (authorization, header propagation) and to the `Observer`,
which turns requests, plan-cache lookups and subgraph fetches into metrics, spans and log lines.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from time import perf_counter
from types import MappingProxyType
from typing import Any, Protocol

from graphql import DocumentNode

from gateway.execution import SubgraphFetcher
from gateway.formatted_error import GraphQLFormattedError
from gateway.request.outcome import ExecutedOperation

__all__ = [
    "ANONYMOUS",
    "Answer",
    "Authorization",
    "Identity",
    "NullObserver",
    "Observer",
    "RequestContext",
    "RequestRecord",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestContext:
    request_id: str = ""
    # Inbound HTTP headers, names lower-cased (the last value wins for repeated names).
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The verified JWT's claims; None for an anonymous request.
    claims: Mapping[str, Any] | None = None
    # The scopes the claims grant (for @requiresScopes).
    scopes: frozenset[str] = frozenset()

    @property
    def authenticated(self) -> bool:
        return self.claims is not None


ANONYMOUS = RequestContext()


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """Who the request's credentials prove it comes from (no claims: anonymous)."""

    claims: Mapping[str, Any] | None = None
    scopes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Authorization:
    """The document to plan (unauthorised selections removed) and one error per removal."""

    document: DocumentNode
    errors: tuple[GraphQLFormattedError, ...] = ()


class Answer(Protocol):
    """The answer the server sent (`gateway.server.http.status.GraphQLResponse`), as telemetry
    reads it."""

    @property
    def status(self) -> int: ...

    @property
    def body(self) -> dict[str, Any]: ...

    @property
    def operation_name(self) -> str | None: ...

    @property
    def executed(self) -> ExecutedOperation | None:
        """The operation that ran, when the pipeline executed one (usage reporting)."""
        ...


class RequestRecord:
    """What the server learns while answering one request, read by the observer at the end."""

    __slots__ = ("context", "operation_name", "response", "seconds")

    def __init__(self, context: RequestContext) -> None:
        self.context = context
        self.operation_name: str | None = None
        self.response: Answer | None = None
        # How long the request took, set by the observer's scope as the block ends (read by
        # observers wrapping it, so that one clock times a request).
        self.seconds = 0.0


class Observer(Protocol):
    """Telemetry: metrics, traces and logs (`gateway.telemetry` implements it)."""

    def request(self, context: RequestContext) -> contextlib.AbstractContextManager[RequestRecord]:
        """Wraps one GraphQL request; the server fills the record before the block ends, and
        the scope sets `record.seconds` as it ends."""
        ...

    def plan_cache(self, *, hit: bool) -> None: ...

    def deduplicated(self) -> None:
        """A request got the answer of an identical one already in flight."""
        ...

    def fetcher(self, fetch: SubgraphFetcher) -> SubgraphFetcher:
        """`fetch` wrapped to time, count and trace every subgraph call."""
        ...


class NullObserver:
    """Observes nothing."""

    @contextlib.contextmanager
    def request(self, context: RequestContext) -> Iterator[RequestRecord]:
        record = RequestRecord(context)
        start = perf_counter()
        try:
            yield record
        finally:
            record.seconds = perf_counter() - start

    def plan_cache(self, *, hit: bool) -> None:
        return None

    def deduplicated(self) -> None:
        return None

    def fetcher(self, fetch: SubgraphFetcher) -> SubgraphFetcher:
        return fetch
