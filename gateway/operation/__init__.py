"""The client's operation before planning: parse and validate (cached by hash), its fragments,
its `@skip`/`@include` conditions, and the introspection fields the gateway answers itself."""

from gateway.operation.conditions import (
    VariableCondition,
    condition_variables,
    is_included,
    read_condition,
)
from gateway.operation.documents import CheckedDocument, DocumentCache, document_hash
from gateway.operation.fragments import fragments_of
from gateway.operation.introspection import (
    INTROSPECTION_ROOT_FIELDS,
    introspection_document,
    run_introspection,
)
from gateway.operation.lru import LruCache

__all__ = [
    "INTROSPECTION_ROOT_FIELDS",
    "CheckedDocument",
    "DocumentCache",
    "LruCache",
    "VariableCondition",
    "condition_variables",
    "document_hash",
    "fragments_of",
    "introspection_document",
    "is_included",
    "read_condition",
    "run_introspection",
]
