"""The request pipeline: parse, validate, plan (all cached), execute and shape."""

from gateway.request.context import (
    ANONYMOUS,
    Answer,
    NullObserver,
    Observer,
    RequestContext,
    RequestRecord,
)
from gateway.request.documents import CheckedDocument, DocumentCache, document_hash
from gateway.request.model import GraphQLRequest, Planner, SupergraphView, error_body
from gateway.request.outcome import (
    ExecutionResult,
    GraphQLFormattedError,
    IncrementalResult,
    Outcome,
    Refusal,
    SourceLocation,
    refusal,
)
from gateway.request.pipeline import PipelineStages, RequestPipeline
from gateway.request.prepared import PreparedOperation, prepare_operation
from gateway.request.stages import (
    AllowEverything,
    Anonymous,
    Authenticator,
    Authorization,
    Authorizer,
    HeaderPlan,
    Identity,
    NoHeaders,
    NoLimits,
    OperationLimits,
    PersistedQueries,
    QueryAsSent,
)

__all__ = [
    "ANONYMOUS",
    "AllowEverything",
    "Anonymous",
    "Answer",
    "Authenticator",
    "Authorization",
    "Authorizer",
    "CheckedDocument",
    "DocumentCache",
    "ExecutionResult",
    "GraphQLFormattedError",
    "GraphQLRequest",
    "HeaderPlan",
    "Identity",
    "IncrementalResult",
    "NoHeaders",
    "NoLimits",
    "NullObserver",
    "Observer",
    "OperationLimits",
    "Outcome",
    "PersistedQueries",
    "PipelineStages",
    "Planner",
    "PreparedOperation",
    "QueryAsSent",
    "Refusal",
    "RequestContext",
    "RequestPipeline",
    "RequestRecord",
    "SourceLocation",
    "SupergraphView",
    "document_hash",
    "error_body",
    "prepare_operation",
    "refusal",
]
