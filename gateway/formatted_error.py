"""`GraphQLFormattedError`: one entry of a response's `errors`, the type every stage reports in.

A leaf module: execution, shaping, the policies and the request pipeline all write errors of
this shape, and the server sends them unchanged.
"""

from __future__ import annotations

from typing import Any, NotRequired, Required, TypedDict

__all__ = ["GraphQLFormattedError", "SourceLocation"]


class SourceLocation(TypedDict):
    line: int
    column: int


class GraphQLFormattedError(TypedDict, total=False):
    """An error as the GraphQL spec formats it in a response (graphql-core's type of that name)."""

    message: Required[str]
    locations: NotRequired[list[SourceLocation]]
    path: NotRequired[list[str | int]]
    extensions: NotRequired[dict[str, Any]]
