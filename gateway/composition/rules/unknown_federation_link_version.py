"""UNKNOWN_FEDERATION_LINK_VERSION: `@link` to a federation version this composer does not know."""

from __future__ import annotations

from gateway.composition.errors import CompositionError
from gateway.composition.subgraph.model import Subgraph
from gateway.composition.subgraph.spec_imports import KNOWN_FEDERATION_VERSIONS, federation_link_loc

__all__ = ["check"]


def check(subgraph: Subgraph, version_text: str | None) -> list[CompositionError]:
    if subgraph.fed_version is None or subgraph.fed_version in KNOWN_FEDERATION_VERSIONS:
        return []
    loc = federation_link_loc(subgraph.schema_directives)
    return [
        CompositionError(
            code="UNKNOWN_FEDERATION_LINK_VERSION",
            message=f"[{subgraph.name}] Invalid version {version_text} for the federation feature "
            "in @link directive on schema",
            locations=(loc,) if loc else (),
            subgraph=subgraph.name,
        )
    ]
