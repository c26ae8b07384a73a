"""The one table from outcomes to HTTP: the status (and headers) each refusal code is sent with.

The pipeline, the authenticator, persisted queries and rate limits return outcomes
(`gateway.request.outcome`) that know nothing of HTTP; this module alone decides the status.

    an execution result             200 (partial data and errors included)
    PERSISTED_QUERY_NOT_FOUND       200 \\ Apollo Server's answers: its clients read the code in
    PERSISTED_QUERY_NOT_SUPPORTED   200 /  the body, and a 4xx could hide it from them
    UNAUTHENTICATED                 401 with `WWW-Authenticate: Bearer`
    METHOD_NOT_ALLOWED              405 with `Allow: POST` (a mutation sent with GET)
    RATE_LIMITED                    429 (the server adds `Retry-After`)
    QUERY_PLANNING_FAILED           500 (a gateway bug)
    INTERNAL_SERVER_ERROR           500 (an unexpected exception, caught by the endpoint)
    any other refusal               400 (parse, validation, variables, limits, persisted queries)

Under legacy `application/json` a 400 is answered 200 with the same body, as the GraphQL over
HTTP spec asks of requests refused by GraphQL; the other statuses stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, assert_never

import orjson

from gateway.request import (
    ExecutedOperation,
    ExecutionResult,
    IncrementalResult,
    Outcome,
    Refusal,
    refusal,
)
from gateway.server.http.asgi import RawHeader

__all__ = ["STATUS_BY_CODE", "GraphQLResponse", "http_answer", "internal_error", "legacy_answer"]

OK = 200
# A refusal whose code the table does not list: the client's request was refused.
REFUSED = 400
STATUS_BY_CODE: Mapping[str, int] = {
    "PERSISTED_QUERY_NOT_FOUND": 200,
    "PERSISTED_QUERY_NOT_SUPPORTED": 200,
    "UNAUTHENTICATED": 401,
    "METHOD_NOT_ALLOWED": 405,
    "RATE_LIMITED": 429,
    "QUERY_PLANNING_FAILED": 500,
    "INTERNAL_SERVER_ERROR": 500,
}
_HEADERS_BY_STATUS: Mapping[int, tuple[RawHeader, ...]] = {
    401: ((b"www-authenticate", b"Bearer"),),
    405: ((b"allow", b"POST"),),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLResponse:
    """An answer as sent: status, JSON body and the headers that go with that status."""

    status: int
    body: dict[str, Any]
    operation_name: str | None = None
    headers: tuple[RawHeader, ...] = ()
    # The outcome the body comes from: it encodes the body (once, for a shared result).
    source: ExecutionResult | Refusal | None = None

    def encoded(self) -> bytes:
        if self.source is not None:
            return self.source.encoded()
        return orjson.dumps(self.body)

    @property
    def executed(self) -> ExecutedOperation | None:
        source = self.source
        return source.executed if isinstance(source, ExecutionResult) else None


def http_answer(outcome: Outcome, *, headers: tuple[RawHeader, ...] = ()) -> GraphQLResponse:
    """`outcome` as an HTTP answer (`headers` added to those of its status)."""
    match outcome:
        case ExecutionResult():
            status = OK
        case Refusal(code=code):
            status = STATUS_BY_CODE.get(code, REFUSED)
        case IncrementalResult():
            # Streamed by the endpoint (`multipart`); its first payload stands for it here.
            return http_answer(outcome.initial, headers=headers)
        case _:
            assert_never(outcome)
    return GraphQLResponse(
        status=status,
        body=outcome.body,
        operation_name=outcome.operation_name,
        headers=(*_HEADERS_BY_STATUS.get(status, ()), *headers),
        source=outcome,
    )


def legacy_answer(answer: GraphQLResponse) -> GraphQLResponse:
    """`answer` for legacy `application/json`: a request GraphQL refused is answered 200.

    Telemetry keeps the answer before this (a refused request is a request error either way).
    """
    return replace(answer, status=OK) if answer.status == REFUSED else answer


def internal_error() -> GraphQLResponse:
    """The answer to an unexpected exception: no details, which go to the log."""
    return http_answer(refusal("Internal server error.", "INTERNAL_SERVER_ERROR"))
