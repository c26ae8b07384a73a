"""A Strawberry extension that gives every error a code and hides unexpected ones."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from shared.errors import DomainError

__all__ = ["ErrorCodes", "with_code"]

log = logging.getLogger("subgraph.errors")


def _request_error_code(error: GraphQLError) -> str:
    """The code of an error in the request itself (no resolver ran): Apollo's names."""
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


def with_code(error: GraphQLError) -> GraphQLError:
    """`error` with an `extensions.code`, and with its message masked if it was unexpected."""
    return _coded(error)


def _coded(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, DomainError):
        extensions = {**(error.extensions or {}), "code": original.code, **original.details}
        return GraphQLError(
            original.message, nodes=error.nodes, path=error.path, extensions=extensions
        )
    if original is None:
        # Parse and validation errors, and argument coercion: the client's request is wrong.
        code = (error.extensions or {}).get("code") or _request_error_code(error)
        return GraphQLError(
            error.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={**(error.extensions or {}), "code": code},
        )
    if isinstance(original, GraphQLError):
        return _coded(original)
    log.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        "Internal server error",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR"},
    )


class ErrorCodes(SchemaExtension):
    """Domain errors keep their message and code; anything else becomes INTERNAL_SERVER_ERROR."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [_coded(e) for e in result.errors]

    def on_stream_result(self, result: Any) -> Iterator[None]:
        # A subscription's results (and its refusal) are sent one by one over WebSocket,
        # before `on_operation` ends: code each on its way out.
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [_coded(e) for e in errors]
        yield
