"""The frozen model of a supergraph: which subgraph defines, resolves and keys what.

Mappings are read-only views (`MappingProxyType`); everything else is tuples and frozen
dataclasses, so a `Supergraph` can be shared between requests and threads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from graphql import GraphQLSchema

__all__ = [
    "EntityKey",
    "FieldDef",
    "FieldInGraph",
    "SubgraphInfo",
    "Supergraph",
    "TypeDef",
    "TypeInGraph",
    "TypeKind",
]

TypeKind = Literal["object", "interface", "union", "enum", "scalar", "input"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SubgraphInfo:
    """One subgraph: its name (as composed), its URL and its `join__Graph` enum value."""

    name: str
    url: str
    enum_value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityKey:
    """One `@key` of a type in one subgraph (`fields` is the raw field set text)."""

    fields: str
    resolvable: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeInGraph:
    """How one subgraph declares a type."""

    graph: str
    keys: tuple[EntityKey, ...] = ()
    extension: bool = False
    is_interface_object: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldInGraph:
    """How one subgraph declares a field (`@join__field` arguments, graph name resolved)."""

    graph: str
    requires: str | None = None
    provides: str | None = None
    external: bool = False
    override: str | None = None
    override_label: str | None = None
    used_overridden: bool = False
    type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldDef:
    """A field of an object or interface type and its per-subgraph declarations."""

    name: str
    type_name: str
    graphs: tuple[FieldInGraph, ...]

    def in_graph(self, graph: str) -> FieldInGraph | None:
        for declaration in self.graphs:
            if declaration.graph == graph:
                return declaration
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeDef:
    """A named type of the supergraph and where each subgraph has it."""

    name: str
    kind: TypeKind
    graphs: Mapping[str, TypeInGraph]
    fields: Mapping[str, FieldDef]
    # interface name -> subgraphs where this type implements it
    implements: Mapping[str, tuple[str, ...]]
    # union member name -> subgraphs where it is a member
    union_members: Mapping[str, tuple[str, ...]]
    # enum value -> subgraphs that define it
    enum_values: Mapping[str, tuple[str, ...]]
    inaccessible: bool = False


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Supergraph:
    """A loaded supergraph: the join model, the full schema and the client-facing API schema."""

    id: str
    sdl: str
    subgraphs: Mapping[str, SubgraphInfo]
    types: Mapping[str, TypeDef]
    query_type: str | None
    mutation_type: str | None
    subscription_type: str | None
    schema: GraphQLSchema
    api_schema: GraphQLSchema
