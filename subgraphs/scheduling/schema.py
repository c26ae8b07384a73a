"""The scheduling subgraph's federation schema."""

from __future__ import annotations

import warnings

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.scheduling.entities import Booking, Tutor, User
from subgraphs.scheduling.mutations import Mutation
from subgraphs.scheduling.queries import Query
from subgraphs.scheduling.representations import guard_entities

__all__ = ["schema", "sdl"]

with warnings.catch_warnings():
    # shared.subgraph.build_schema passes cache extension instances, which this Strawberry
    # release deprecates; silenced here until shared/ passes factories (see the report).
    warnings.filterwarnings("ignore", "Passing an extension instance", DeprecationWarning)
    schema: Schema = build_schema(query=Query, mutation=Mutation, types=(Booking, Tutor, User))
guard_entities(schema._schema, ("Booking", "Tutor", "User"))


def sdl() -> str:
    """The federation SDL, exactly as `_service { sdl }` returns it to a gateway."""
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.data is not None, result.errors
    text: str = result.data["_service"]["sdl"]
    return text
