"""The one seam between the executor and the network: a subgraph request and the fetcher type.

The executor never opens sockets; it calls a `SubgraphFetcher`, so tests run plans with an
in-process function and production plugs in the pooled HTTP client (`gateway.transport`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar, Final, Literal, TypeAlias

from mypy_extensions import mypyc_attr

__all__ = ["SubgraphFetchError", "SubgraphFetcher", "SubgraphRequest"]


OperationKind: TypeAlias = Literal["query", "mutation", "subscription"]


class SubgraphRequest:
    """One GraphQL request to one subgraph, before it is encoded for the wire.

    Immutable by convention, compared and hashed by value. Written out rather than a frozen
    dataclass: the compiled hot path builds one or two per fetch, and a dataclass's generated
    `__init__` stays interpreted (FIELDS lists what equality, hashing and `with_headers` cover;
    a test checks it against `__init__`).
    """

    __slots__ = (
        "headers",
        "operation_kind",
        "operation_name",
        "query",
        "service_name",
        "variables",
    )

    FIELDS: ClassVar[tuple[str, ...]] = (
        "service_name",
        "query",
        "operation_name",
        "variables",
        "operation_kind",
        "headers",
    )

    def __init__(
        self,
        *,
        service_name: str,
        query: str,
        operation_name: str | None = None,
        variables: Mapping[str, Any],
        operation_kind: OperationKind = "query",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.service_name: Final = service_name
        self.query: Final = query
        self.operation_name: Final = operation_name
        self.variables: Final = variables
        # Only queries may be shared between identical in-flight requests; mutations never.
        self.operation_kind: Final = operation_kind
        # Extra HTTP headers for this call (propagated client headers, forwarded identity,
        # request id); requests share an in-flight fetch only when their headers are equal too.
        self.headers: Final = headers

    def with_headers(self, headers: tuple[tuple[str, str], ...]) -> SubgraphRequest:
        """This request carrying `headers` instead."""
        return SubgraphRequest(
            service_name=self.service_name,
            query=self.query,
            operation_name=self.operation_name,
            variables=self.variables,
            operation_kind=self.operation_kind,
            headers=headers,
        )

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SubgraphRequest):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        pairs = zip(self.FIELDS, self._values(), strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"SubgraphRequest({shown})"


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
