"""The request pipeline's inputs and outputs, and what it needs from the supergraph and planner.

Errors of this stage are values: a `GraphQLResponse` with a 4xx status and `errors`:

    GRAPHQL_PARSE_FAILED          the document does not parse
    GRAPHQL_VALIDATION_FAILED     it does not validate against the API schema
    OPERATION_RESOLUTION_FAILURE  no operation of that name, or several and no name
    BAD_USER_INPUT                variables missing or of the wrong type
    METHOD_NOT_ALLOWED            a mutation sent with GET
    QUERY_PLANNING_FAILED         the planner failed (status 500; a gateway bug)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
from graphql import DocumentNode, GraphQLSchema

from gateway.plan.nodes import QueryPlan

__all__ = ["GraphQLRequest", "GraphQLResponse", "Planner", "SupergraphView", "error_body"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLRequest:
    """A client's GraphQL request, already decoded from JSON or query parameters."""

    # Empty when the client sends only a persisted query's hash (`extensions.persistedQuery`).
    query: str
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None
    # GET may only run queries (GraphQL over HTTP): mutations must not be triggered by a link.
    allow_mutations: bool = True
    override_labels: frozenset[str] = field(default_factory=frozenset)
    # The request's `extensions` object (APQ's `persistedQuery` lives here).
    extensions: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLResponse:
    """The JSON body for the client and the HTTP status that goes with it."""

    status: int
    body: dict[str, Any]
    # The name of the operation that ran (from the document), for metrics and logs.
    operation_name: str | None = None
    # `body` as JSON, once encoded (a deduplicated answer goes to many clients).
    _encoded: list[bytes] = field(default_factory=list, init=False, repr=False, compare=False)

    def encoded(self) -> bytes:
        """`body` as JSON bytes, encoded on the first call only; the body must not change after."""
        if not self._encoded:
            self._encoded.append(orjson.dumps(self.body))
        return self._encoded[0]


class SupergraphView(Protocol):
    """What the pipeline reads from `gateway.supergraph.Supergraph`."""

    @property
    def api_schema(self) -> GraphQLSchema: ...

    @property
    def id(self) -> str: ...


class Planner(Protocol):
    """`gateway.planner.QueryPlanner`, as the pipeline calls it."""

    def plan(
        self,
        document: DocumentNode,
        operation_name: str | None,
        *,
        override_labels: frozenset[str] = ...,
    ) -> QueryPlan: ...


def error_body(message: str, code: str, **extra: Any) -> dict[str, Any]:
    """`{"errors": [...]}` with one error carrying `extensions.code`."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extra}}]}
