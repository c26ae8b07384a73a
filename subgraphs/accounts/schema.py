"""The accounts federation schema, and its SDL as `_service { sdl }` returns it."""

from __future__ import annotations

from strawberry.federation import Schema

from shared.subgraph import build_schema
from subgraphs.accounts.entities import User
from subgraphs.accounts.mutations import Mutation
from subgraphs.accounts.queries import Query

__all__ = ["schema", "sdl"]

schema: Schema = build_schema(query=Query, mutation=Mutation, types=(User,))


def sdl() -> str:
    """The federation SDL, exactly what the gateway and composition read from `_service`."""
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.errors is None, result.errors
    assert result.data is not None
    text: str = result.data["_service"]["sdl"]
    return text if text.endswith("\n") else text + "\n"
