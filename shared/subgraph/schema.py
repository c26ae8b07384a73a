"""How every subgraph builds its Strawberry federation schema: one version, the same extensions."""

from __future__ import annotations

from typing import Any, Final

from strawberry.extensions import ParserCache, ValidationCache
from strawberry.federation import Schema

from shared.subgraph.errors import ErrorCodes

__all__ = ["FEDERATION_VERSION", "build_schema"]

# Stated explicitly so that a Strawberry upgrade cannot change the supergraph's join version.
FEDERATION_VERSION: Final = "2.7"


def build_schema(
    *, query: type, mutation: type | None = None, types: tuple[type, ...] = ()
) -> Schema:
    """A federation schema with parser and validation caches (about 3x throughput here)."""
    extensions: list[Any] = [ErrorCodes, ParserCache(maxsize=512), ValidationCache(maxsize=512)]
    return Schema(
        query=query,
        mutation=mutation,
        types=types,
        extensions=extensions,
        federation_version=FEDERATION_VERSION,
    )
