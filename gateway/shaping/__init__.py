"""Shaping: the client's response built from merged subgraph JSON and a compiled selection."""

from gateway.shaping.compile import INTROSPECTION_ROOT_FIELDS, compile_shape
from gateway.shaping.conditions import condition_variables
from gateway.shaping.errors import RESPONSE_VALIDATION_FAILED, ServiceAt
from gateway.shaping.project import shape_response
from gateway.shaping.shape import FieldKind, FieldShape, ObjectShape

__all__ = [
    "INTROSPECTION_ROOT_FIELDS",
    "RESPONSE_VALIDATION_FAILED",
    "FieldKind",
    "FieldShape",
    "ObjectShape",
    "ServiceAt",
    "compile_shape",
    "condition_variables",
    "shape_response",
]
