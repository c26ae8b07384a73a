"""Typed `strawberry.field`/`strawberry.mutation` decorators for resolvers with a description.

Strawberry types the keyword-only form of these decorators as returning `Any`, which
`mypy --strict` rejects as an untyped decorator; these keep the resolver's own type.
Use as `from shared.subgraph import described` and `@described.field("...")`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

__all__ = ["field", "mutation"]

F = TypeVar("F", bound=Callable[..., Any])


def field(description: str) -> Callable[[F], F]:
    """`@strawberry.field(description=...)`, keeping the resolver's signature for mypy."""
    return cast("Callable[[F], F]", strawberry.field(description=description))


def mutation(description: str) -> Callable[[F], F]:
    """`@strawberry.mutation(description=...)`, keeping the resolver's signature for mypy."""
    return cast("Callable[[F], F]", strawberry.mutation(description=description))
