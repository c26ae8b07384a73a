"""Key edges: the entity fetches that can reach a field the current subgraph cannot resolve."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode

from gateway.planner.context import Position, can_resolve, provided_child
from gateway.planner.graph import QueryGraph, parse_field_set
from gateway.planner.state import PlanningState

__all__ = ["Hop", "find_hops", "key_is_local"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Hop:
    """Jump to `subgraph` by `key`, landing on `entity_type` (an interface for @interfaceObject)."""

    subgraph: str
    entity_type: str
    key: str
    requires: str | None
    rank: tuple[int, ...]


def key_is_local(
    graph: QueryGraph, position: Position, type_name: str, fields: SelectionSetNode
) -> bool:
    """Whether the current subgraph can select these key fields itself."""
    for selection in fields.selections:
        if isinstance(selection, InlineFragmentNode):
            if not key_is_local(graph, position, type_name, selection.selection_set):
                return False
            continue
        if not isinstance(selection, FieldNode):
            return False
        name = selection.name.value
        if name == "__typename":
            continue
        if not can_resolve(graph, position, type_name, name):
            return False
        if selection.selection_set is not None:
            field_def = graph.field_def(type_name, name)
            if field_def is None:
                return False
            child = position.with_(
                provided=provided_child(graph, position.provided, type_name, name)
            )
            field_in_graph = graph.field_in(type_name, name, position.group.subgraph)
            if field_in_graph is not None and field_in_graph.provides:
                child = child.with_(provided=parse_field_set(field_in_graph.provides))
            if not key_is_local(graph, child, field_def.type_name, selection.selection_set):
                return False
    return True


def find_hops(
    state: PlanningState,
    position: Position,
    name: str,
    node: FieldNode | None,
    *,
    same_subgraph: bool = False,
) -> list[Hop]:
    """Entity fetches that can resolve `position.type.name`, best first."""
    graph = state.graph
    current = position.type
    subgraph = position.group.subgraph
    targets: list[tuple[str, str]] = []
    if name == "__typename":
        for candidate in graph.graph_order():
            # Only a subgraph that knows object types of the interface can name them.
            if (
                graph.in_graph(current, candidate)
                and not graph.is_interface_object(current, candidate)
                and graph.runtime_types_in_graph(current, candidate)
            ):
                targets.append((candidate, current))
    else:
        for candidate in graph.graphs_for_field(current, name):
            targets.append((candidate, current))
        if graph.type(current).kind == "object":
            for interface in graph.interfaces_of(current):
                for candidate in graph.graph_order():
                    if graph.is_interface_object(interface, candidate) and graph.field_in(
                        interface, name, candidate
                    ):
                        targets.append((candidate, interface))
    order = graph.graph_order()
    options: list[Hop] = []
    for candidate, entity_type in targets:
        if position.internal and (current, candidate) in position.hops:
            continue
        field_in_graph = (
            graph.field_in(entity_type, name, candidate) if name != "__typename" else None
        )
        requires = field_in_graph.requires if field_in_graph is not None else None
        if (
            candidate == subgraph
            and requires is None
            and entity_type == current
            and not same_subgraph
        ):
            continue
        for key in graph.resolvable_keys(entity_type, candidate):
            local = key_is_local(graph, position, current, parse_field_set(key))
            if not local and candidate == subgraph:
                continue
            reuse = any(
                g.subgraph == candidate and g.path == position.path and position.group.id in g.deps
                for g in state.groups.groups.values()
            )
            rank = (
                0 if local else 1,
                0 if reuse else 1,
                -dict(position.votes).get(candidate, 0),
                state.estimator.subtree_cost(candidate, entity_type, node),
                order.index(candidate),
            )
            options.append(
                Hop(
                    subgraph=candidate,
                    entity_type=entity_type,
                    key=key,
                    requires=requires,
                    rank=rank,
                )
            )
    options.sort(key=lambda hop: hop.rank)
    return options
