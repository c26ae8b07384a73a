"""The reviews subgraph's federation schema, assembled from its types, queries and mutations."""

from __future__ import annotations

import warnings

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.reviews.mutations import Mutation
from subgraphs.reviews.queries import Query
from subgraphs.reviews.types import Review, Tutor, User

__all__ = ["schema", "sdl"]

with warnings.catch_warnings():
    # shared.subgraph.build_schema passes cache extension instances, which Strawberry >= 0.32x
    # deprecates; the warning would fail every import under `-W error`. Reported upstream.
    warnings.filterwarnings("ignore", "Passing an extension instance", DeprecationWarning)
    schema: Schema = build_schema(query=Query, mutation=Mutation, types=(Review, Tutor, User))


def sdl() -> str:
    """The federation SDL, exactly what `_service { sdl }` answers."""
    return schema.as_str()
