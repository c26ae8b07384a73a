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
    SelectionNode,
    SelectionSetNode,
)

__all__ = ["units"]


def units(
    selections: Sequence[SelectionNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> Iterator[SelectionNode]:
    """Each field of `selections`, wrapped in copies of the fragments it was reached through."""
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
            continue
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            inner = selection.selection_set.selections
        elif isinstance(selection, FragmentSpreadNode):
            definition = fragments.get(selection.name.value)
            if definition is None:
                continue
            condition = definition.type_condition
            inner = definition.selection_set.selections
        else:
            continue
        for unit in units(inner, fragments):
            yield InlineFragmentNode(
                type_condition=condition,
                directives=selection.directives or (),
                selection_set=SelectionSetNode(selections=(unit,)),
            )
