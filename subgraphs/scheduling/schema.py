"""The scheduling subgraph's federation schema."""

from __future__ import annotations

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.scheduling.entities import Booking, Tutor, User
from subgraphs.scheduling.mutations import Mutation
from subgraphs.scheduling.queries import Query
from subgraphs.scheduling.subscriptions import Subscription

__all__ = ["schema", "sdl"]

schema: Schema = build_schema(
    query=Query, mutation=Mutation, subscription=Subscription, types=(Booking, Tutor, User)
)


def sdl() -> str:
    """The federation SDL, exactly as `_service { sdl }` returns it to a gateway."""
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.data is not None, result.errors
    text: str = result.data["_service"]["sdl"]
    return text
