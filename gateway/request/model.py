"""A client's GraphQL request as the pipeline receives it, decoded from HTTP.

What it comes to is an outcome (`gateway.request.outcome`): a result, or a refusal with its code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gateway.request.outcome import refusal

__all__ = ["GraphQLRequest", "error_body"]


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphQLRequest:
    """A client's GraphQL request, already decoded from JSON or query parameters."""

    # Empty when the client sends only a persisted query's hash (`extensions.persistedQuery`).
    query: str
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None
    # GET may only run queries (GraphQL over HTTP): mutations must not be triggered by a link.
    allow_mutations: bool = True
    override_labels: frozenset[str] = field(default_factory=frozenset)
    # The request's `extensions` object (APQ's `persistedQuery` lives here).
    extensions: Mapping[str, Any] | None = None
    # The client takes incremental delivery (`multipart/mixed`): `@defer` parts come later.
    # Otherwise a deferred operation is answered whole, at once.
    incremental: bool = False


def error_body(message: str, code: str, **extra: Any) -> dict[str, Any]:
    """`{"errors": [...]}` with one error carrying `extensions.code`."""
    return refusal(message, code, **extra).body
