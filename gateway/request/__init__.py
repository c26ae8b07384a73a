"""The request pipeline: parse, validate, plan (all cached), execute and shape."""

from gateway.request.context import (
    ANONYMOUS,
    NullObserver,
    Observer,
    RequestContext,
    RequestRecord,
)
from gateway.request.documents import CheckedDocument, DocumentCache, document_hash
from gateway.request.model import (
    GraphQLRequest,
    GraphQLResponse,
    Planner,
    SupergraphView,
    error_body,
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
    "Authenticator",
    "Authorization",
    "Authorizer",
    "CheckedDocument",
    "DocumentCache",
    "GraphQLRequest",
    "GraphQLResponse",
    "HeaderPlan",
    "Identity",
    "NoHeaders",
    "NoLimits",
    "NullObserver",
    "Observer",
    "OperationLimits",
    "PersistedQueries",
    "PipelineStages",
    "Planner",
    "PreparedOperation",
    "QueryAsSent",
    "RequestContext",
    "RequestPipeline",
    "RequestRecord",
    "SupergraphView",
    "document_hash",
    "error_body",
    "prepare_operation",
]
