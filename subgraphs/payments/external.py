"""Fields other subgraphs own, declared here only for what the checkouts `@requires`.

The gateway sends them in the representation and never asks this subgraph to resolve them; a
client that asks for one here anyway gets a clear error naming its owner, not an internal one.
"""

from __future__ import annotations

from typing import Any, NoReturn

import strawberry

from shared.errors import BadUserInput

__all__ = ["owned_by"]


def owned_by(owner: str, graphql_type: Any) -> Any:
    """An `@external` field of `graphql_type` that `owner` resolves."""

    def elsewhere() -> NoReturn:
        raise BadUserInput(f"this field is resolved by {owner}: ask for it through the gateway")

    return strawberry.federation.field(resolver=elsewhere, external=True, graphql_type=graphql_type)
