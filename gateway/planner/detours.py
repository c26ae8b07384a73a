"""When no single key edge reaches a field: split it across subgraphs, or re-fetch its parent."""

from __future__ import annotations

from graphql import (
    FieldNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
)

from gateway.planner.context import Position
from gateway.planner.estimates import INFEASIBLE
from gateway.planner.hops import Hop, find_hops
from gateway.planner.state import PlanningState
from gateway.planner.units import units

__all__ = ["parent_refetch", "split_parts", "with_selections"]


def with_selections(node: FieldNode, selections: tuple[SelectionNode, ...]) -> FieldNode:
    """The same field (alias, arguments, directives) with other selections."""
    return FieldNode(
        alias=node.alias,
        name=node.name,
        arguments=node.arguments,
        directives=node.directives,
        selection_set=SelectionSetNode(selections=selections),
    )


def split_parts(
    state: PlanningState, node: FieldNode, options: list[Hop]
) -> list[tuple[Hop, FieldNode]]:
    """A field no single subgraph completes: the part of it each key edge should fetch.

    Empty when the best option completes the field alone (or there is nothing to split).
    """
    if node.selection_set is None:
        return []
    estimator = state.estimator
    if estimator.subtree_cost(options[0].subgraph, options[0].entity_type, node) < INFEASIBLE:
        return []
    parts: dict[int, list[SelectionNode]] = {}
    for selection in units(node.selection_set.selections, state.fragments):
        single = with_selections(node, (selection,))
        best = min(
            range(len(options)),
            key=lambda i: (
                estimator.subtree_cost(options[i].subgraph, options[i].entity_type, single),
                0 if i in parts else 1,
                options[i].rank,
            ),
        )
        parts.setdefault(best, []).append(selection)
    if len(parts) < 2:
        return []
    return [(options[index], with_selections(node, tuple(found))) for index, found in parts.items()]


def parent_refetch(
    state: PlanningState, position: Position, node: FieldNode
) -> tuple[Position, Hop, FieldNode] | None:
    """An enclosing field to fetch again from a subgraph that can resolve all of it.

    The answer is the enclosing position, the key edge to take from there, and the enclosing
    field narrowed to the path down to `node`.
    """
    current = position
    selection: SelectionNode = node
    while current.parent is not None and current.via is not None:
        parent, via = current.parent, current.via
        declared = state.graph.field_def(parent.type, via.name.value)
        if declared is not None and declared.type_name != current.type:
            selection = InlineFragmentNode(
                type_condition=NamedTypeNode(name=NameNode(value=current.type)),
                directives=(),
                selection_set=SelectionSetNode(selections=(selection,)),
            )
        synthetic = FieldNode(
            alias=via.alias,
            name=via.name,
            arguments=via.arguments,
            directives=(),
            selection_set=SelectionSetNode(selections=(selection,)),
        )
        options = [
            option
            for option in find_hops(state, parent, via.name.value, synthetic)
            if state.estimator.subtree_cost(option.subgraph, option.entity_type, synthetic)
            < INFEASIBLE
        ]
        if options:
            return parent, options[0], synthetic
        current, selection = parent, synthetic
    return None
