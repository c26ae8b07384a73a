"""The payments subgraph's federation schema."""

from __future__ import annotations

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.payments.earnings import Tutor
from subgraphs.payments.entities import Booking, Course, Payment, User
from subgraphs.payments.mutations import Mutation
from subgraphs.payments.queries import Query

__all__ = ["schema", "sdl"]

schema: Schema = build_schema(
    query=Query, mutation=Mutation, types=(Booking, Course, Payment, Tutor, User)
)


def sdl() -> str:
    """The federation SDL, exactly as `_service { sdl }` returns it to a gateway."""
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.data is not None, result.errors
    text: str = result.data["_service"]["sdl"]
    return text
