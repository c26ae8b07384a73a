"""The reviews subgraph's federation schema, assembled from its types, queries and mutations."""

from __future__ import annotations

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.reviews.mutations import Mutation
from subgraphs.reviews.queries import Query
from subgraphs.reviews.types import Course, Review, Tutor, User

__all__ = ["schema", "sdl"]

schema: Schema = build_schema(query=Query, mutation=Mutation, types=(Course, Review, Tutor, User))


def sdl() -> str:
    """The federation SDL, exactly what `_service { sdl }` answers."""
    return schema.as_str()
