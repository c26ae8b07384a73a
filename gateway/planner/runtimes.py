"""Which object types an abstract value can have at a position, given who could serve it."""

from __future__ import annotations

from gateway.planner.context import Position
from gateway.planner.graph import QueryGraph

__all__ = ["runtimes", "serving_subgraphs", "shared_runtimes"]


def runtimes(graph: QueryGraph, position: Position) -> tuple[str, ...]:
    """Object types the current abstract selection can have when this subgraph serves it."""
    found = graph.runtime_types_in_graph(position.type, position.group.subgraph)
    if position.runtimes is None:
        return found
    return tuple(t for t in found if t in position.runtimes)


def serving_subgraphs(graph: QueryGraph, position: Position, name: str) -> frozenset[str]:
    """Subgraphs that could serve the value of `position.type.name` at this position."""
    reachable = set(position.serving) if position.serving is not None else set(graph.graph_order())
    if not graph.is_abstract(position.type) or graph.is_interface_object(
        position.type, position.group.subgraph
    ):
        reachable |= {g for g in graph.graph_order() if graph.resolvable_keys(position.type, g)}
    found = {g for g in reachable if graph.field_in(position.type, name, g) is not None}
    found.add(position.group.subgraph)
    return frozenset(found)


def shared_runtimes(
    graph: QueryGraph, serving: frozenset[str], child_type: str
) -> frozenset[str] | None:
    """A shareable value answers alike in every subgraph: only common object types count."""
    if not graph.is_abstract(child_type) or len(serving) < 2:
        return None
    common: set[str] | None = None
    for subgraph in serving:
        here = set(graph.runtime_types_in_graph(child_type, subgraph))
        common = here if common is None else common & here
    return frozenset(common or ())
