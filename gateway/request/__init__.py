"""The request pipeline: parse, validate, plan (all cached), execute and shape."""

from gateway.request.documents import CheckedDocument, DocumentCache, document_hash
from gateway.request.model import (
    GraphQLRequest,
    GraphQLResponse,
    Planner,
    SupergraphView,
    error_body,
)
from gateway.request.pipeline import RequestPipeline
from gateway.request.prepared import PreparedOperation, prepare_operation

__all__ = [
    "CheckedDocument",
    "DocumentCache",
    "GraphQLRequest",
    "GraphQLResponse",
    "Planner",
    "PreparedOperation",
    "RequestPipeline",
    "SupergraphView",
    "document_hash",
    "error_body",
    "prepare_operation",
]
