"""Typed `strawberry.field`/`strawberry.mutation` decorators that take a description.

With keyword arguments Strawberry's decorators are typed as returning `Any`, which
`mypy --strict` rejects as untyped; these keep the resolver's own signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

__all__ = ["field", "mutation"]

F = TypeVar("F", bound=Callable[..., Any])


def field(description: str) -> Callable[[F], F]:
    return cast("Callable[[F], F]", strawberry.field(description=description))


def mutation(description: str) -> Callable[[F], F]:
    return cast("Callable[[F], F]", strawberry.mutation(description=description))
