"""When no single key edge reaches a field: split it across subgraphs, or re-fetch its parent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql import (
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
)

from gateway.planner.context import Ctx
from gateway.planner.cost import INFEASIBLE
from gateway.planner.hops import Hop, find_hops
from gateway.planner.units import units

if TYPE_CHECKING:
    from gateway.planner.walker import Walker

__all__ = ["split_hop", "via_parent", "with_selections"]


def with_selections(node: FieldNode, selections: tuple[SelectionNode, ...]) -> FieldNode:
    """The same field (alias, arguments, directives) with other selections."""
    return FieldNode(
        alias=node.alias,
        name=node.name,
        arguments=node.arguments,
        directives=node.directives,
        selection_set=SelectionSetNode(selections=selections),
    )


def split_hop(
    walker: Walker,
    ctx: Ctx,
    node: FieldNode,
    directives: tuple[DirectiveNode, ...],
    options: list[Hop],
) -> bool:
    """A field no single subgraph completes: fetch each part from the one that can."""
    if node.selection_set is None:
        return False
    estimator = walker.estimator
    if estimator.subtree_cost(options[0].subgraph, options[0].entity_type, node) < INFEASIBLE:
        return False
    parts: dict[int, list[SelectionNode]] = {}
    for selection in units(node.selection_set.selections, walker.fragments):
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
        return False
    for index, selections in parts.items():
        part = with_selections(node, tuple(selections))
        walker.add_field(walker.take(ctx, options[index], part), part, directives)
    return True


def via_parent(walker: Walker, ctx: Ctx, node: FieldNode) -> bool:
    """Fetch the enclosing field again from a subgraph that can resolve all of it."""
    current = ctx
    selection: SelectionNode = node
    while current.parent is not None and current.via is not None:
        parent, via = current.parent, current.via
        declared = walker.graph.field_def(parent.type, via.name.value)
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
            for option in find_hops(walker, parent, via.name.value, synthetic)
            if walker.estimator.subtree_cost(option.subgraph, option.entity_type, synthetic)
            < INFEASIBLE
        ]
        if options:
            hop = walker.take(parent, options[0], synthetic)
            walker.add_field(hop, synthetic, ())
            return True
        current, selection = parent, synthetic
    return False
