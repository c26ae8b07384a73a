"""Typed wrappers for Strawberry resolvers with descriptions (the called form is untyped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

__all__ = ["described_field", "described_mutation"]

F = TypeVar("F", bound=Callable[..., Any])


def described_field(description: str) -> Callable[[F], F]:
    """`@strawberry.field(description=...)`, keeping the resolver's signature for mypy."""
    return cast("Callable[[F], F]", strawberry.field(description=description))


def described_mutation(description: str) -> Callable[[F], F]:
    """`@strawberry.mutation(description=...)`, keeping the resolver's signature for mypy."""
    return cast("Callable[[F], F]", strawberry.mutation(description=description))
