"""Shaping: the client's response built from merged subgraph JSON and a compiled selection."""

from gateway.shaping.compile import compile_fragment_shape, compile_shape
from gateway.shaping.errors import RESPONSE_VALIDATION_FAILED, ServiceAt
from gateway.shaping.project import shape_response
from gateway.shaping.shape import FieldKind, FieldShape, ObjectShape

__all__ = [
    "RESPONSE_VALIDATION_FAILED",
    "FieldKind",
    "FieldShape",
    "ObjectShape",
    "ServiceAt",
    "compile_fragment_shape",
    "compile_shape",
    "shape_response",
]
