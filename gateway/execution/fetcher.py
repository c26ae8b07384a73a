"""The one seam between the executor and the network: a subgraph request and the fetcher type.

The executor never opens sockets; it calls a `SubgraphFetcher`, so tests run plans with an
in-process function and production plugs in the pooled HTTP client (`gateway.transport`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from mypy_extensions import mypyc_attr

__all__ = ["SubgraphFetchError", "SubgraphFetcher", "SubgraphRequest"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphRequest:
    """One GraphQL request to one subgraph, before it is encoded for the wire."""

    service_name: str
    query: str
    operation_name: str | None = None
    variables: Mapping[str, Any]
    # Only queries may be shared between identical in-flight requests; mutations never.
    operation_kind: Literal["query", "mutation", "subscription"] = "query"
    # Extra HTTP headers for this call (propagated client headers, forwarded identity, request
    # id); requests share an in-flight fetch only when their headers are equal too.
    headers: tuple[tuple[str, str], ...] = ()

    def with_headers(self, headers: tuple[tuple[str, str], ...]) -> SubgraphRequest:
        """This request carrying `headers` instead.

        `dataclasses.replace`, spelt out: `replace` inspects the fields on every call and costs
        five times the constructor on the per-fetch path (a test checks the two stay equal).
        """
        return SubgraphRequest(
            service_name=self.service_name,
            query=self.query,
            operation_name=self.operation_name,
            variables=self.variables,
            operation_kind=self.operation_kind,
            headers=headers,
        )


# Subclassed by the transport's and the subscription executor's errors (not compiled).
@mypyc_attr(allow_interpreted_subclasses=True)
class SubgraphFetchError(Exception):
    """A subgraph could not answer with a GraphQL response (HTTP status, network, bad JSON).

    `message` goes to the client as is, so it must never contain the request's body, variables
    or headers (they can hold secrets); `code` becomes `extensions.code`.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# Returns the decoded JSON body of the subgraph's response (anything; the executor checks its
# shape) or raises `SubgraphFetchError`.
SubgraphFetcher: TypeAlias = Callable[[SubgraphRequest], Awaitable[Any]]
