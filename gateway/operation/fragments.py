"""An executable document's fragment definitions, by name (what every walk over spreads needs)."""

from __future__ import annotations

from graphql import DocumentNode, FragmentDefinitionNode

__all__ = ["fragments_of"]


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    """The document's fragments by name (validation guarantees the names are unique)."""
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
