"""Introspection root fields (`__schema`, `__type`), answered by the gateway over the API schema.

Only these fields go through graphql-core's `execute`; their answers are seeded into the merged
data and shaping copies them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    execute_sync,
)

from gateway.formatted_error import GraphQLFormattedError

__all__ = ["INTROSPECTION_ROOT_FIELDS", "introspection_document", "run_introspection"]

INTROSPECTION_ROOT_FIELDS = frozenset({"__schema", "__type"})


def introspection_document(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
) -> DocumentNode | None:
    """A copy of the document whose operation keeps only its introspection root fields."""
    if operation.operation is not OperationType.QUERY:
        return None
    kept = _introspection_only(operation.selection_set.selections, fragments, frozenset())
    if not kept:
        return None
    only = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=SelectionSetNode(selections=kept),
    )
    others = tuple(d for d in document.definitions if not isinstance(d, OperationDefinitionNode))
    return DocumentNode(definitions=(only, *others))


def _introspection_only(
    selections: Iterable[SelectionNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str],
) -> tuple[SelectionNode, ...]:
    """The root selections that are introspection fields, through fragments (kept as inline)."""
    kept: list[SelectionNode] = []
    for selection in selections:
        if isinstance(selection, FieldNode):
            if selection.name.value in INTROSPECTION_ROOT_FIELDS:
                kept.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            inner = _introspection_only(selection.selection_set.selections, fragments, seen)
            if inner:
                kept.append(
                    InlineFragmentNode(
                        type_condition=selection.type_condition,
                        directives=selection.directives,
                        selection_set=SelectionSetNode(selections=inner),
                    )
                )
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:
                continue
            inner = _introspection_only(fragment.selection_set.selections, fragments, seen | {name})
            if inner:
                kept.append(
                    InlineFragmentNode(
                        type_condition=fragment.type_condition,
                        directives=selection.directives,
                        selection_set=SelectionSetNode(selections=inner),
                    )
                )
    return tuple(kept)


def run_introspection(
    schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
) -> tuple[dict[str, Any], list[GraphQLFormattedError]]:
    """The introspection answers (by response key) and their errors."""
    result = execute_sync(schema, document, variable_values=dict(variables))
    # graphql-core's formatted error has the same keys as ours, under its own TypedDict.
    errors = [cast(GraphQLFormattedError, dict(e.formatted)) for e in result.errors or ()]
    return dict(result.data or {}), errors
