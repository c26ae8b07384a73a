"""What a request comes to: the outcome the pipeline returns, with no notion of HTTP.

    Outcome
      ExecutionResult    the operation ran: {data, errors, extensions} (errors may be partial)
      Refusal            the request was refused before execution, with one `code` that says why
      IncrementalResult  a first result then later parts (@defer)

and, outside `Outcome` since only a streaming transport (WebSocket) may ask for one, a
`SubscriptionResult`: a result per event, ended by a `Refusal` when the stream failed.

Errors are `GraphQLFormattedError`s (the GraphQL spec's response error: message, locations, path,
extensions) end to end.  Which HTTP status goes with an outcome is the server's business alone
(`gateway.server.http.status`): a refusal's code is all it needs.

The codes of refusals, by the stage that refuses:

    BAD_REQUEST, PERSISTED_QUERY_*       persisted queries (gateway.policy.persisted)
    UNAUTHENTICATED                      the authenticator (gateway.policy.auth)
    RATE_LIMITED                         client rate limits (gateway.traffic, via the server)
    GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, MAX_TOKENS_EXCEEDED,
    MAX_DOCUMENT_SIZE_EXCEEDED           the document check (gateway.operation.documents)
    OPERATION_RESOLUTION_FAILURE, OPERATION_NOT_SUPPORTED, INTROSPECTION_DISABLED,
    METHOD_NOT_ALLOWED, BAD_USER_INPUT   the pipeline
    the limits' codes (MAX_DEPTH_EXCEEDED, …)  operation limits (gateway.policy.limits)
    QUERY_PLANNING_FAILED                the planner returned a failure (a gateway bug)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import DocumentNode, GraphQLSchema, OperationDefinitionNode

from gateway.formatted_error import GraphQLFormattedError, SourceLocation

__all__ = [
    "ExecutedOperation",
    "ExecutionResult",
    "GraphQLFormattedError",
    "IncrementalResult",
    "Outcome",
    "Refusal",
    "SourceLocation",
    "SubscriptionResult",
    "refusal",
]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ExecutedOperation:
    """Which operation a result comes from: read after the answer (usage reporting), never on
    the way to it.  One per prepared operation, shared by every request that runs it."""

    # sha256 of the query text as the client sent it (the document cache's key).
    document_hash: str
    document: DocumentNode
    operation: OperationDefinitionNode
    # The API schema it was validated against, and the supergraph that schema belongs to.
    schema: GraphQLSchema
    supergraph_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecutionResult:
    """An operation that ran: its data (None when it failed as a whole), errors and extensions."""

    data: dict[str, Any] | None
    errors: tuple[GraphQLFormattedError, ...] = ()
    extensions: dict[str, Any] | None = None
    # The name of the operation that ran (from the document), for metrics and logs.
    operation_name: str | None = None
    # The operation that ran (None for results made outside the pipeline).
    executed: ExecutedOperation | None = field(default=None, compare=False, repr=False)
    # The JSON body, once encoded (a deduplicated result goes to many clients).
    _encoded: list[bytes] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def body(self) -> dict[str, Any]:
        """The response body: `data`, then `errors` and `extensions` when there are any."""
        body: dict[str, Any] = {"data": self.data}
        if self.errors:
            body["errors"] = list(self.errors)
        if self.extensions is not None:
            body["extensions"] = self.extensions
        return body

    def encoded(self) -> bytes:
        """`body` as JSON bytes, encoded on the first call only (the result is never changed)."""
        if not self._encoded:
            self._encoded.append(orjson.dumps(self.body))
        return self._encoded[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """A request refused before execution: no `data`, the errors saying why, and their code."""

    code: str
    errors: tuple[GraphQLFormattedError, ...]
    operation_name: str | None = None

    @property
    def body(self) -> dict[str, Any]:
        return {"errors": list(self.errors)}

    def encoded(self) -> bytes:
        return orjson.dumps(self.body)


@dataclass(frozen=True, slots=True, kw_only=True)
class IncrementalResult:
    """A first result, then further parts: incremental delivery.

    An `@defer`red operation answers with its primary result (`initial`: `{data, errors}`; the
    server adds `hasNext: true`) and then one payload per finished deferred part in the
    deferSpec=20220824 format, `{incremental: [{data, path, label?, errors?}], hasNext}`, the
    last with `hasNext: false`.  The server picks the wire format (`multipart/mixed`).
    """

    initial: ExecutionResult
    subsequent: AsyncIterator[Mapping[str, Any]]
    operation_name: str | None = None


Outcome = ExecutionResult | Refusal | IncrementalResult


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionResult:
    """A subscription that started: one `ExecutionResult` per event.

    The stream ends when the subgraph completes it, or with a `Refusal` (code
    `SUBSCRIPTION_FAILED`) carrying the errors of a subgraph that refused the subscription or
    whose connection failed.  Closing the iterator (`aclose`) ends the subscription upstream.
    """

    events: AsyncIterator[ExecutionResult | Refusal]
    operation_name: str | None = None


def refusal(message: str, code: str, **extra: Any) -> Refusal:
    """A refusal with one error carrying `extensions.code` (and `extra` extensions)."""
    error: GraphQLFormattedError = {"message": message, "extensions": {"code": code, **extra}}
    return Refusal(code=code, errors=(error,))
