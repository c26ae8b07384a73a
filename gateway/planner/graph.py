"""The query graph: (type, subgraph) vertices with field, key and root edges, as lookups.

Edges are not materialised; the planner asks: can subgraph S resolve field T.f (field edge)?
Which subgraphs can it jump to from (T, S) by a `@key` (key edge)?  Which subgraphs serve a
root field (root edge)?  Progressive `@override` labels decide which side of an override is
live, so one `QueryGraph` exists per set of active labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from graphql import (
    FieldNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    InlineFragmentNode,
    SelectionSetNode,
    parse,
)

from gateway.supergraph import FieldDef, FieldInGraph, Supergraph, TypeDef

__all__ = ["QueryGraph", "list_depth", "parse_field_set"]


@cache
def parse_field_set(text: str) -> SelectionSetNode:
    """Parse a `join__FieldSet` (`id owner { id }`) into a selection set."""
    document = parse("{" + text + "}", no_location=True)
    operation = document.definitions[0]
    return operation.selection_set  # type: ignore[attr-defined, no-any-return]


def list_depth(type_: GraphQLOutputType) -> int:
    """How many list levels wrap a field type (each adds an `@` to response paths)."""
    depth = 0
    while True:
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        elif isinstance(type_, GraphQLList):
            depth += 1
            type_ = type_.of_type
        else:
            return depth


@dataclass(eq=False)
class QueryGraph:
    """Lookups over one supergraph for one set of active override labels."""

    supergraph: Supergraph
    labels: frozenset[str]
    _possible: dict[tuple[str, str | None], tuple[str, ...]] = field(default_factory=dict)

    # -- vertices -----------------------------------------------------------------------------
    def type(self, name: str) -> TypeDef:
        return self.supergraph.types[name]

    def has_type(self, name: str) -> bool:
        return name in self.supergraph.types

    def is_abstract(self, name: str) -> bool:
        t = self.supergraph.types.get(name)
        return t is not None and t.kind in ("interface", "union")

    def is_composite(self, name: str) -> bool:
        t = self.supergraph.types.get(name)
        return t is not None and t.kind in ("object", "interface", "union")

    def in_graph(self, type_name: str, graph: str) -> bool:
        t = self.supergraph.types.get(type_name)
        return t is not None and graph in t.graphs

    def is_interface_object(self, type_name: str, graph: str) -> bool:
        t = self.supergraph.types.get(type_name)
        if t is None or graph not in t.graphs:
            return False
        return t.graphs[graph].is_interface_object

    def field_def(self, type_name: str, field_name: str) -> FieldDef | None:
        t = self.supergraph.types.get(type_name)
        return None if t is None else t.fields.get(field_name)

    def field_type(self, type_name: str, field_name: str) -> GraphQLOutputType:
        gql_type = self.supergraph.schema.get_type(type_name)
        fields = gql_type.fields  # type: ignore[union-attr]
        return fields[field_name].type  # type: ignore[no-any-return]

    # -- field edges --------------------------------------------------------------------------
    def _live(self, field_in_graph: FieldInGraph) -> bool:
        if field_in_graph.used_overridden:
            return False
        if field_in_graph.override is not None:
            return (
                field_in_graph.override_label is None
                or field_in_graph.override_label in self.labels
            )
        if field_in_graph.override_label is not None:
            return field_in_graph.override_label not in self.labels
        return True

    def field_in(self, type_name: str, field_name: str, graph: str) -> FieldInGraph | None:
        """The field's declaration in `graph` if that graph can serve it (ignoring @provides)."""
        field_def = self.field_def(type_name, field_name)
        if field_def is None:
            return None
        field_in_graph = field_def.in_graph(graph)
        if field_in_graph is None or field_in_graph.external or not self._live(field_in_graph):
            return None
        if not self.in_graph(type_name, graph):
            return None
        return field_in_graph

    def external_in(self, type_name: str, field_name: str, graph: str) -> bool:
        """Declared in `graph` but `@external` there (usable only where provided)."""
        field_def = self.field_def(type_name, field_name)
        field_in_graph = None if field_def is None else field_def.in_graph(graph)
        return field_in_graph is not None and field_in_graph.external

    def graphs_for_field(self, type_name: str, field_name: str) -> tuple[str, ...]:
        field_def = self.field_def(type_name, field_name)
        if field_def is None:
            return ()
        return tuple(
            field_in_graph.graph
            for field_in_graph in field_def.graphs
            if not field_in_graph.external
            and self._live(field_in_graph)
            and self.in_graph(type_name, field_in_graph.graph)
        )

    # -- key edges ----------------------------------------------------------------------------
    def resolvable_keys(self, type_name: str, graph: str) -> tuple[str, ...]:
        """Field sets by which `graph` can look up a `type_name` entity."""
        t = self.supergraph.types.get(type_name)
        if t is None or graph not in t.graphs:
            return ()
        return tuple(k.fields for k in t.graphs[graph].keys if k.resolvable)

    def key_fields_in(self, type_name: str, key: str, graph: str) -> bool:
        """Whether `graph` itself can select every field of `key` on `type_name`."""
        return self._fields_in(type_name, parse_field_set(key), graph)

    def _fields_in(self, type_name: str, fields: SelectionSetNode, graph: str) -> bool:
        for selection in fields.selections:
            if isinstance(selection, InlineFragmentNode):
                if not self._fields_in(type_name, selection.selection_set, graph):
                    return False
                continue
            if not isinstance(selection, FieldNode) or selection.name.value == "__typename":
                continue
            name = selection.name.value
            if self.field_in(type_name, name, graph) is None:
                return False
            if selection.selection_set is not None:
                field_def = self.field_def(type_name, name)
                if field_def is None or not self._fields_in(
                    field_def.type_name, selection.selection_set, graph
                ):
                    return False
        return True

    def graph_order(self) -> tuple[str, ...]:
        return tuple(self.supergraph.subgraphs)

    # -- abstract types -----------------------------------------------------------------------
    def possible_types(self, type_name: str, graph: str | None = None) -> tuple[str, ...]:
        """Object types that may stand for `type_name` (in `graph`, when given)."""
        cache_key = (type_name, graph)
        found = self._possible.get(cache_key)
        if found is not None:
            return found
        result: list[str] = []
        t = self.supergraph.types.get(type_name)
        if t is not None:
            if t.kind == "object":
                result = [type_name] if graph is None or graph in t.graphs else []
            elif t.kind == "union":
                for member, graphs in t.union_members.items():
                    if graph is None or graph in graphs:
                        result.append(member)
            elif t.kind == "interface":
                for other in self.supergraph.types.values():
                    if other.kind != "object" or type_name not in other.implements:
                        continue
                    if graph is None or graph in other.implements[type_name]:
                        result.append(other.name)
        # Inaccessible types never reach clients but subgraphs may still return them.
        self._possible[cache_key] = tuple(sorted(result))
        return self._possible[cache_key]

    def runtime_types_in_graph(self, type_name: str, graph: str) -> tuple[str, ...]:
        """Object types a value of `type_name` returned by `graph` may have."""
        return tuple(p for p in self.possible_types(type_name, graph) if self.in_graph(p, graph))

    def implements(self, object_type: str, abstract: str) -> bool:
        return object_type in self.possible_types(abstract)

    def interfaces_of(self, object_type: str) -> Iterable[str]:
        return self.type(object_type).implements.keys()


def selection_names(selection_set: SelectionSetNode) -> list[str]:
    """Field names at the top of a selection set (through inline fragments)."""
    names: list[str] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            names.append(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names.extend(selection_names(selection.selection_set))
    return names
