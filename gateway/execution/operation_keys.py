"""Response keys read from a subgraph operation, to give a failed fetch's error a path.

Only the failure path needs them, so they are computed lazily and memoised per operation text.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import FieldNode, GraphQLError, InlineFragmentNode, OperationDefinitionNode, parse

__all__ = ["entity_field_key", "root_field_key"]


def _first_field_key(selections: object) -> str | None:
    for selection in selections or ():  # type: ignore[attr-defined]
        if isinstance(selection, FieldNode) and selection.name.value != "__typename":
            return (selection.alias or selection.name).value
        if isinstance(selection, InlineFragmentNode):
            key = _first_field_key(selection.selection_set.selections)
            if key:
                return key
    return None


def _operation(text: str) -> OperationDefinitionNode | None:
    try:
        document = parse(text, no_location=True)
    except GraphQLError:
        return None
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            return definition
    return None


@lru_cache(maxsize=1024)
def root_field_key(text: str) -> str | None:
    """The first root response key of the operation (the field whose value failed)."""
    operation = _operation(text)
    return _first_field_key(operation.selection_set.selections) if operation else None


@lru_cache(maxsize=1024)
def entity_field_key(text: str) -> str | None:
    """The first field fetched for each entity of an `_entities` operation."""
    operation = _operation(text)
    if operation is None:
        return None
    for selection in operation.selection_set.selections:
        if isinstance(selection, FieldNode) and selection.selection_set is not None:
            return _first_field_key(selection.selection_set.selections)
    return None
