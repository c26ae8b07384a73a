"""The learning subgraph's federation schema."""

from __future__ import annotations

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.learning.entities import Course, Enrollment, Subject, Tutor, User
from subgraphs.learning.mutations import Mutation
from subgraphs.learning.queries import Query
from subgraphs.learning.values import Payment

__all__ = ["schema", "sdl"]

schema: Schema = build_schema(
    query=Query, mutation=Mutation, types=(Course, Enrollment, Payment, Subject, Tutor, User)
)


def sdl() -> str:
    """The federation SDL, exactly as `_service { sdl }` returns it to a gateway."""
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.data is not None, result.errors
    text: str = result.data["_service"]["sdl"]
    return text
