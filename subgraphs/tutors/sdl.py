"""The federation SDL this subgraph publishes: exactly what `_service { sdl }` answers."""

from __future__ import annotations

from subgraphs.tutors.schema import schema

__all__ = ["sdl"]


def sdl() -> str:
    result = schema.execute_sync("{ _service { sdl } }")
    assert result.data is not None, result.errors
    text: str = result.data["_service"]["sdl"]
    return text if text.endswith("\n") else text + "\n"
