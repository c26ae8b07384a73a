"""The federation SDL this subgraph publishes: what `_service { sdl }` answers."""

from __future__ import annotations

from subgraphs.tutors.schema import schema

__all__ = ["sdl"]


def sdl() -> str:
    text = schema.as_str()
    return text if text.endswith("\n") else text + "\n"
