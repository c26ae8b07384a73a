"""The values of one request: what the client sent, who sent it, and what it came to.

`GraphQLRequest` comes in (decoded by `gateway.server.http`), `RequestContext` says who asks, and
the pipeline (`gateway.pipeline`) returns an `Outcome`. None of them knows HTTP.
"""

from gateway.request.context import (
    ANONYMOUS,
    Answer,
    Authorization,
    Identity,
    NullObserver,
    Observer,
    RequestContext,
    RequestRecord,
)
from gateway.request.model import GraphQLRequest, error_body
from gateway.request.outcome import (
    ExecutedOperation,
    ExecutionResult,
    GraphQLFormattedError,
    IncrementalResult,
    Outcome,
    Refusal,
    SourceLocation,
    SubscriptionResult,
    refusal,
)

__all__ = [
    "ANONYMOUS",
    "Answer",
    "Authorization",
    "ExecutedOperation",
    "ExecutionResult",
    "GraphQLFormattedError",
    "GraphQLRequest",
    "Identity",
    "IncrementalResult",
    "NullObserver",
    "Observer",
    "Outcome",
    "Refusal",
    "RequestContext",
    "RequestRecord",
    "SourceLocation",
    "SubscriptionResult",
    "error_body",
    "refusal",
]
