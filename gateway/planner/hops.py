"""Key edges: the entity fetches that can reach a field the current subgraph cannot resolve."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode

from gateway.planner.context import Ctx, can_resolve, provided_child
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


def key_is_local(graph: QueryGraph, ctx: Ctx, type_name: str, fields: SelectionSetNode) -> bool:
    """Whether the current subgraph can select these key fields itself."""
    for selection in fields.selections:
        if isinstance(selection, InlineFragmentNode):
            if not key_is_local(graph, ctx, type_name, selection.selection_set):
                return False
            continue
        if not isinstance(selection, FieldNode):
            return False
        name = selection.name.value
        if name == "__typename":
            continue
        if not can_resolve(graph, ctx, type_name, name):
            return False
        if selection.selection_set is not None:
            fdef = graph.field_def(type_name, name)
            if fdef is None:
                return False
            child = ctx.with_(provided=provided_child(graph, ctx.provided, type_name, name))
            fig = graph.field_in(type_name, name, ctx.group.subgraph)
            if fig is not None and fig.provides:
                child = child.with_(provided=parse_field_set(fig.provides))
            if not key_is_local(graph, child, fdef.type_name, selection.selection_set):
                return False
    return True


def find_hops(state: PlanningState, ctx: Ctx, name: str, node: FieldNode | None) -> list[Hop]:
    """Entity fetches that can resolve `ctx.type.name`, best first."""
    graph = state.graph
    current = ctx.type
    subgraph = ctx.group.subgraph
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
        if ctx.internal and (current, candidate) in ctx.hops:
            continue
        fig = graph.field_in(entity_type, name, candidate) if name != "__typename" else None
        requires = fig.requires if fig is not None else None
        if candidate == subgraph and requires is None and entity_type == current:
            continue
        for key in graph.resolvable_keys(entity_type, candidate):
            local = key_is_local(graph, ctx, current, parse_field_set(key))
            if not local and candidate == subgraph:
                continue
            reuse = any(
                g.subgraph == candidate and g.path == ctx.path and ctx.group.id in g.deps
                for g in state.groups.groups.values()
            )
            rank = (
                0 if local else 1,
                0 if reuse else 1,
                -dict(ctx.votes).get(candidate, 0),
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
