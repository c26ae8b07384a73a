"""Where the walker stands: the fetch group, the selection being filled, the type and path."""

from __future__ import annotations

from dataclasses import dataclass, replace

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode

from gateway.planner.graph import QueryGraph
from gateway.planner.groups import Condition, FetchGroup
from gateway.planner.selection import SelectionTree

__all__ = ["PlanningError", "Position", "can_resolve", "provided_child", "provides_field"]


class PlanningError(Exception):
    """The operation cannot be planned against this supergraph (a composition bug, usually)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """Where the walker stands: it adds to `selection` of `group`, for `type` objects at `path`."""

    group: FetchGroup
    selection: SelectionTree
    type: str
    path: tuple[str, ...]
    provided: SelectionSetNode | None = None
    conditions: tuple[Condition, ...] = ()
    internal: bool = False
    hops: frozenset[tuple[str, str]] = frozenset()
    # The position of the enclosing object and the field that led here, for re-fetching a
    # non-entity object from a subgraph that can resolve it whole ("parent entity call").
    parent: Position | None = None
    via: FieldNode | None = None
    # Inside a type condition (`... on T`), where sibling fragments may reuse response keys.
    narrowed: bool = False
    # For abstract types under a shareable field: the object types all its subgraphs know.
    runtimes: frozenset[str] | None = None
    # Subgraphs that could have produced the object at this position (None: any).
    serving: frozenset[str] | None = None
    # Per subgraph, how many sibling fields at this level it could serve (hop preference).
    votes: tuple[tuple[str, int], ...] = ()
    # `path` with `... on T` steps where an abstract position was narrowed to object type T;
    # used as a Flatten path only when fetches for sibling fragments must stay apart.
    typed_path: tuple[str, ...] = ()
    # In an entity fetch: the position it was entered from (same path, the fetch before it).
    entered_from: Position | None = None
    # The deferred fragment the selections here belong to (None: the primary part).  When it
    # differs from `group.defer`, the next field enters a fetch of its own (see the walker).
    defer: int | None = None

    def with_(self, **changes: object) -> Position:
        return replace(self, **changes)  # type: ignore[arg-type]


def _fragment_applies(graph: QueryGraph, fragment: InlineFragmentNode, type_name: str) -> bool:
    if fragment.type_condition is None:
        return True
    condition = fragment.type_condition.name.value
    if condition == type_name:
        return True
    return graph.is_abstract(condition) and graph.implements(type_name, condition)


def provides_field(
    graph: QueryGraph, provided: SelectionSetNode | None, type_name: str, field_name: str
) -> FieldNode | None:
    """The `@provides` entry for `type_name.field_name` in the provided selection, if any."""
    if provided is None:
        return None
    for selection in provided.selections:
        if isinstance(selection, FieldNode) and selection.name.value == field_name:
            return selection
        if isinstance(selection, InlineFragmentNode) and _fragment_applies(
            graph, selection, type_name
        ):
            found = provides_field(graph, selection.selection_set, type_name, field_name)
            if found is not None:
                return found
    return None


def provided_child(
    graph: QueryGraph, provided: SelectionSetNode | None, type_name: str, field_name: str
) -> SelectionSetNode | None:
    found = provides_field(graph, provided, type_name, field_name)
    return None if found is None else found.selection_set


def can_resolve(graph: QueryGraph, position: Position, type_name: str, name: str) -> bool:
    """Whether the fetch at `position` can select `type_name.name` (itself or by `@provides`)."""
    subgraph = position.group.subgraph
    field_in_graph = graph.field_in(type_name, name, subgraph)
    if field_in_graph is not None:
        return field_in_graph.requires is None
    if graph.external_in(type_name, name, subgraph) or graph.in_graph(type_name, subgraph):
        return provides_field(graph, position.provided, type_name, name) is not None
    return False
