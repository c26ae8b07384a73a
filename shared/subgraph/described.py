"""Typed `strawberry.field`/`strawberry.mutation` decorators for resolvers with a description,
and the access rules (`@authenticated`, `@requiresScopes`) the gateway enforces on them.

Strawberry types the keyword-only form of these decorators as returning `Any`, which
`mypy --strict` rejects as an untyped decorator; these keep the resolver's own type.
Use as `from shared.subgraph import described` and `@described.field("...")`, or
`@described.mutation("...", authenticated=True)` / `requires_scopes=[["tutor"], ["admin"]]`
(an OR of AND-lists of the scopes in `shared.auth.ROLE_SCOPES`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import strawberry

__all__ = ["field", "mutation", "subscription"]

F = TypeVar("F", bound=Callable[..., Any])

Scopes = Sequence[Sequence[str]]


def _rules(authenticated: bool, requires_scopes: Scopes | None) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    if authenticated:
        rules["authenticated"] = True
    if requires_scopes is not None:
        rules["requires_scopes"] = [list(group) for group in requires_scopes]
    return rules


def field(
    description: str,
    *,
    authenticated: bool = False,
    requires_scopes: Scopes | None = None,
    requires: str | None = None,
) -> Callable[[F], F]:
    """`@strawberry.field(description=...)`, keeping the resolver's signature for mypy;
    `requires` is the field set of a federation `@requires`."""
    rules = _rules(authenticated, requires_scopes)
    if requires is not None:
        rules["requires"] = [requires]
    if rules:
        made = strawberry.federation.field(description=description, **rules)
    else:
        made = strawberry.field(description=description)
    return cast("Callable[[F], F]", made)


def mutation(
    description: str, *, authenticated: bool = False, requires_scopes: Scopes | None = None
) -> Callable[[F], F]:
    """`@strawberry.mutation(description=...)`, keeping the resolver's signature for mypy."""
    rules = _rules(authenticated, requires_scopes)
    if rules:
        made = strawberry.federation.mutation(description=description, **rules)
    else:
        made = strawberry.mutation(description=description)
    return cast("Callable[[F], F]", made)


def subscription(
    description: str, *, authenticated: bool = False, requires_scopes: Scopes | None = None
) -> Callable[[F], F]:
    """`@strawberry.subscription(description=...)`, keeping the resolver's signature for mypy."""
    rules = _rules(authenticated, requires_scopes)
    if rules:
        made = strawberry.federation.field(description=description, is_subscription=True, **rules)
    else:
        made = strawberry.subscription(description=description)
    return cast("Callable[[F], F]", made)
