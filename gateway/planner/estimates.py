"""Cost estimates that steer choices between subgraphs: fewer entity hops wins."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
)

from gateway.planner.context import provided_child, provides_field
from gateway.planner.graph import QueryGraph, parse_field_set
from gateway.planner.groups import GroupSet
from gateway.planner.units import units

__all__ = ["INFEASIBLE", "Estimator"]

# A field no subgraph reachable from here can resolve: worse than any number of hops.
INFEASIBLE = 10**6
# One entity hop; each field fetched through a hop adds 1, so among plans with as many hops
# the one moving fewer fields through entity fetches wins.
HOP = 100


class Estimator:
    """Counts the entity hops a selection needs when started in a given subgraph."""

    def __init__(self, graph: QueryGraph, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.graph = graph
        self.fragments = fragments
        # Keyed by node identity; the nodes are kept alive with the value so ids stay unique.
        self._memo: dict[tuple[str, str, int, int], tuple[int, object, object]] = {}

    def best_root(
        self,
        root_type: str,
        field: FieldNode,
        candidates: Sequence[str],
        groups: GroupSet,
        slot: int,
    ) -> str:
        order = self.graph.graph_order()

        def rank(candidate: str) -> tuple[int, int, int]:
            existing = any(
                not g.entity
                and g.subgraph == candidate
                and (g.id, slot) is not None
                and g.selection.items
                for g in groups.groups.values()
            )
            return (
                self.subtree_cost(candidate, root_type, field),
                0 if existing else 1,
                order.index(candidate),
            )

        return min(candidates, key=rank)

    def subtree_cost(
        self,
        subgraph: str,
        parent_type: str,
        field: FieldNode | None,
        parent_provided: SelectionSetNode | None = None,
    ) -> int:
        """Hops needed below `parent_type.field` when `subgraph` resolves the field itself."""
        if field is None or field.selection_set is None:
            return 0
        name = field.name.value
        field_def = self.graph.field_def(parent_type, name)
        if field_def is None:
            return 0
        field_in_graph = self.graph.field_in(parent_type, name, subgraph)
        provided: SelectionSetNode | None
        if field_in_graph is not None and field_in_graph.provides:
            provided = parse_field_set(field_in_graph.provides)
        else:
            provided = provided_child(self.graph, parent_provided, parent_type, name)
        return self.cost(subgraph, field_def.type_name, field.selection_set, provided, 0)

    def cost(
        self,
        subgraph: str,
        type_name: str,
        selection_set: SelectionSetNode,
        provided: SelectionSetNode | None,
        depth: int,
    ) -> int:
        memo_key = (subgraph, type_name, id(selection_set), id(provided))
        found = self._memo.get(memo_key)
        if found is not None:
            return found[0]
        graph = self.graph
        total = 0
        abstract = graph.is_abstract(type_name) and not graph.is_interface_object(
            type_name, subgraph
        )
        runtimes = graph.runtime_types_in_graph(type_name, subgraph) if abstract else ()
        for typed, selection in _merged(self._flatten(type_name, selection_set.selections)):
            # A type condition the subgraph cannot return costs nothing here.
            if typed != type_name and abstract and typed not in runtimes:
                continue
            if typed == type_name and runtimes and selection.name.value != "__typename":
                # A field on an interface is only as cheap as its dearest object type here.
                total += max(
                    self._field_cost(subgraph, r, selection, provided, depth) for r in runtimes
                )
            else:
                total += self._field_cost(subgraph, typed, selection, provided, depth)
            if total >= INFEASIBLE:
                total = INFEASIBLE
                break
        self._memo[memo_key] = (total, selection_set, provided)
        return total

    def _flatten(
        self, type_name: str, selections: Sequence[SelectionNode]
    ) -> list[tuple[str, FieldNode]]:
        """Fields with the type they are selected on (object type conditions narrow)."""
        fields: list[tuple[str, FieldNode]] = []
        for selection in selections:
            if isinstance(selection, FieldNode):
                fields.append((type_name, selection))
                continue
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = selection.selection_set
            elif isinstance(selection, FragmentSpreadNode):
                definition = self.fragments.get(selection.name.value)
                if definition is None:
                    continue
                condition = definition.type_condition
                inner = definition.selection_set
            else:
                continue
            typed = type_name
            if condition is not None and not self.graph.is_abstract(condition.name.value):
                typed = condition.name.value
            fields.extend(self._flatten(typed, inner.selections))
        return fields

    def _key_available(
        self, subgraph: str, type_name: str, key: str, provided: SelectionSetNode | None
    ) -> bool:
        graph = self.graph
        if graph.key_fields_in(type_name, key, subgraph):
            return True
        return all(
            isinstance(s, FieldNode)
            and (
                graph.field_in(type_name, s.name.value, subgraph) is not None
                or provides_field(graph, provided, type_name, s.name.value) is not None
            )
            for s in parse_field_set(key).selections
        )

    def _field_cost(
        self,
        subgraph: str,
        type_name: str,
        field: FieldNode,
        provided: SelectionSetNode | None,
        depth: int,
    ) -> int:
        graph = self.graph
        name = field.name.value
        if name == "__typename" or depth > 12:
            return 0
        field_def = graph.field_def(type_name, name)
        if field_def is None:
            # A field of a fragment on a type this parent cannot be: no cost here.
            return 0
        local = graph.field_in(type_name, name, subgraph)
        provided_here = provides_field(graph, provided, type_name, name) is not None
        if (local is not None and local.requires is None) or provided_here:
            if field.selection_set is None:
                return 0
            child_provided: SelectionSetNode | None
            if local is not None and local.provides:
                child_provided = parse_field_set(local.provides)
            else:
                child_provided = provided_child(graph, provided, type_name, name)
            return self.cost(
                subgraph, field_def.type_name, field.selection_set, child_provided, depth + 1
            )
        best = INFEASIBLE
        reachable: list[str] = []
        for candidate in graph.graphs_for_field(type_name, name):
            if graph.is_abstract(type_name) and not graph.is_interface_object(type_name, candidate):
                # Abstract parents fan out per object type; count one hop.
                best = min(best, HOP + _size(field))
                continue
            if candidate != subgraph and not any(
                self._key_available(subgraph, type_name, key, provided)
                for key in graph.resolvable_keys(type_name, candidate)
            ):
                continue
            reachable.append(candidate)
            below = 0
            if field.selection_set is not None:
                below = self.cost(
                    candidate, field_def.type_name, field.selection_set, None, depth + 1
                )
            best = min(best, HOP + 1 + below)
        if best >= INFEASIBLE and len(reachable) > 1 and field.selection_set is not None:
            # Each part of the selection may come from another subgraph (one hop each).
            split = 0
            for selection in units(field.selection_set.selections, self.fragments):
                part = SelectionSetNode(selections=(selection,))
                split += min(
                    HOP + 1 + self.cost(c, field_def.type_name, part, None, depth + 1)
                    for c in reachable
                )
            best = min(best, split)
        if best >= INFEASIBLE and graph.type(type_name).kind == "object":
            # Fields of @interfaceObject types are reached through the interface's key.
            for interface in graph.interfaces_of(type_name):
                if graph.graphs_for_field(interface, name):
                    best = min(best, HOP + _size(field))
        return best


def _merged(fields: list[tuple[str, FieldNode]]) -> list[tuple[str, FieldNode]]:
    """One field per (type, response key): a field selected twice is fetched once, so its
    cost counts once, with the selections of every occurrence."""
    merged: dict[tuple[str, str], tuple[str, FieldNode]] = {}
    for typed, field in fields:
        key = (typed, (field.alias or field.name).value)
        known = merged.get(key)
        if known is None:
            merged[key] = (typed, field)
        elif field.selection_set is not None and known[1].selection_set is not None:
            selections = (*known[1].selection_set.selections, *field.selection_set.selections)
            combined = FieldNode(
                alias=known[1].alias,
                name=known[1].name,
                arguments=known[1].arguments,
                directives=known[1].directives,
                selection_set=SelectionSetNode(selections=selections),
            )
            merged[key] = (typed, combined)
    return list(merged.values())


def _size(field: FieldNode) -> int:
    """Fields in a selection (the field itself included)."""
    if field.selection_set is None:
        return 1
    total = 1
    for selection in field.selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _size(selection)
        elif isinstance(selection, InlineFragmentNode):
            total += sum(
                _size(s) for s in selection.selection_set.selections if isinstance(s, FieldNode)
            )
    return total
