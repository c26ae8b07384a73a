"""Selections cut into units: one field each, inside the fragments that led to it.

When no single subgraph can complete a selection, each part goes where it can be resolved.
The parts must be single fields: a fragment (`... on Product { name price }`, or a named
fragment) may hold fields that live in different subgraphs. A unit keeps the type conditions
and directives of every fragment around its field, so splitting never changes what the
client asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    NamedTypeNode,
    SelectionNode,
    SelectionSetNode,
)

__all__ = ["fragment_parts", "units"]


def fragment_parts(
    selection: SelectionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[NamedTypeNode | None, tuple[SelectionNode, ...]] | None:
    """The type condition and selections of an inline fragment or a spread (None otherwise)."""
    if isinstance(selection, InlineFragmentNode):
        return selection.type_condition, tuple(selection.selection_set.selections)
    if isinstance(selection, FragmentSpreadNode):
        definition = fragments.get(selection.name.value)
        if definition is not None:
            return definition.type_condition, tuple(definition.selection_set.selections)
    return None


def units(
    selections: Sequence[SelectionNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> Iterator[SelectionNode]:
    """Each field of `selections`, wrapped in copies of the fragments it was reached through."""
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
            continue
        parts = fragment_parts(selection, fragments)
        if parts is None:
            continue
        condition, inner = parts
        for unit in units(inner, fragments):
            yield InlineFragmentNode(
                type_condition=condition,
                directives=selection.directives or (),
                selection_set=SelectionSetNode(selections=(unit,)),
            )
