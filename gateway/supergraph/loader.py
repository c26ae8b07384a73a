"""`load_supergraph`: supergraph SDL text → frozen `Supergraph` model (or a `SupergraphError`)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from graphql import (
    BooleanValueNode,
    ConstDirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    EnumValueNode,
    GraphQLError,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    SchemaDefinitionNode,
    StringValueNode,
    TypeNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    build_ast_schema,
    parse,
)
from graphql.language import ListTypeNode, NonNullTypeNode

from gateway.supergraph.api_schema import build_api_schema
from gateway.supergraph.errors import SupergraphError
from gateway.supergraph.links import SpecNames, read_links
from gateway.supergraph.model import (
    EntityKey,
    FieldDef,
    FieldInGraph,
    SubgraphInfo,
    Supergraph,
    TypeDef,
    TypeInGraph,
    TypeKind,
)

__all__ = ["load_supergraph"]

_KINDS: dict[type[Any], TypeKind] = {
    ObjectTypeDefinitionNode: "object",
    ObjectTypeExtensionNode: "object",
    InterfaceTypeDefinitionNode: "interface",
    InterfaceTypeExtensionNode: "interface",
    UnionTypeDefinitionNode: "union",
    UnionTypeExtensionNode: "union",
    EnumTypeDefinitionNode: "enum",
    EnumTypeExtensionNode: "enum",
    ScalarTypeDefinitionNode: "scalar",
    ScalarTypeExtensionNode: "scalar",
    InputObjectTypeDefinitionNode: "input",
    InputObjectTypeExtensionNode: "input",
}


def load_supergraph(sdl: str) -> Supergraph | SupergraphError:
    """Load a Federation v2 supergraph; bad input comes back as a `SupergraphError` value."""
    try:
        return _load(sdl)
    except SupergraphError as error:
        return error
    except GraphQLError as error:
        return SupergraphError(f"invalid supergraph SDL: {error.message}")
    except (TypeError, ValueError) as error:
        return SupergraphError(f"invalid supergraph SDL: {error}")


def _args(directive: ConstDirectiveNode) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for argument in directive.arguments or ():
        value = argument.value
        if isinstance(value, StringValueNode | BooleanValueNode | EnumValueNode):
            values[argument.name.value] = value.value
    return values


def _named(type_node: TypeNode) -> str:
    while isinstance(type_node, ListTypeNode | NonNullTypeNode):
        type_node = type_node.type
    return type_node.name.value  # type: ignore[attr-defined, no-any-return]


def _directives(nodes: Iterable[Any], name: str) -> list[dict[str, Any]]:
    return [_args(d) for node in nodes for d in (node.directives or ()) if d.name.value == name]


def _load(sdl: str) -> Supergraph:
    if not isinstance(sdl, str) or not sdl.strip():
        raise SupergraphError("empty supergraph SDL")
    document = parse(sdl, no_location=True)
    names = read_links(document)
    graphs = _read_graphs(document, names)
    by_name: dict[str, list[Any]] = defaultdict(list)
    schema_def: SchemaDefinitionNode | None = None
    for definition in document.definitions:
        if isinstance(definition, SchemaDefinitionNode):
            schema_def = definition
        elif type(definition) in _KINDS:
            by_name[definition.name.value].append(definition)  # type: ignore[attr-defined]
    roots = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}
    if schema_def is not None:
        roots = {"query": "", "mutation": "", "subscription": ""}
        for op in schema_def.operation_types:
            roots[op.operation.value] = op.type.name.value
    types = {
        name: _type_def(name, nodes, names, graphs)
        for name, nodes in by_name.items()
        if not names.is_machinery(name)
    }
    try:
        schema = build_ast_schema(document, assume_valid_sdl=True)
    except (GraphQLError, TypeError) as error:
        raise SupergraphError(f"invalid supergraph SDL: {error}") from error
    api_schema = build_api_schema(document, names)

    def root(kind: str) -> str | None:
        return roots[kind] if roots.get(kind) in types else None

    return Supergraph(
        id=hashlib.sha256(sdl.encode()).hexdigest(),
        sdl=sdl,
        subgraphs=MappingProxyType({g.name: g for g in graphs.values()}),
        types=MappingProxyType(types),
        query_type=root("query"),
        mutation_type=root("mutation"),
        subscription_type=root("subscription"),
        schema=schema,
        api_schema=api_schema,
    )


def _read_graphs(document: DocumentNode, names: SpecNames) -> dict[str, SubgraphInfo]:
    """join__Graph enum value → subgraph."""
    enum_name = names.join_name("Graph")
    graph_directive = names.join_name("graph")
    graphs: dict[str, SubgraphInfo] = {}
    for definition in document.definitions:
        if isinstance(definition, EnumTypeDefinitionNode) and definition.name.value == enum_name:
            for value in definition.values or ():
                args = next(
                    (_args(d) for d in value.directives or () if d.name.value == graph_directive),
                    None,
                )
                if args is None or "name" not in args:
                    raise SupergraphError(
                        f"{enum_name}.{value.name.value} has no @{graph_directive}"
                    )
                graphs[value.name.value] = SubgraphInfo(
                    name=args["name"], url=args.get("url", ""), enum_value=value.name.value
                )
    if not graphs:
        raise SupergraphError(f"not a supergraph: enum {enum_name} is missing or empty")
    return graphs


def _graph(args: dict[str, Any], graphs: dict[str, SubgraphInfo]) -> str | None:
    value = args.get("graph")
    if value is None:
        return None
    if value not in graphs:
        raise SupergraphError(f"unknown join__Graph value {value}")
    return graphs[value].name


def _type_def(
    name: str, nodes: list[Any], names: SpecNames, graphs: dict[str, SubgraphInfo]
) -> TypeDef:
    kind = _KINDS[type(nodes[0])]
    in_graphs: dict[str, TypeInGraph] = {}
    keys: dict[str, list[EntityKey]] = defaultdict(list)
    flags: dict[str, tuple[bool, bool]] = {}
    for args in _directives(nodes, names.join_name("type")):
        graph = _graph(args, graphs)
        if graph is None:
            continue
        extension, interface_object = flags.get(graph, (False, False))
        flags[graph] = (
            extension or bool(args.get("extension", False)),
            interface_object or bool(args.get("isInterfaceObject", False)),
        )
        if args.get("key") is not None:
            keys[graph].append(
                EntityKey(fields=args["key"], resolvable=bool(args.get("resolvable", True)))
            )
    for graph, (extension, interface_object) in flags.items():
        in_graphs[graph] = TypeInGraph(
            graph=graph,
            keys=tuple(keys[graph]),
            extension=extension,
            is_interface_object=interface_object,
        )
    if not in_graphs and kind in ("object", "interface", "union"):
        # Without join__type (Federation 1 value types, hand-written supergraphs) a type is
        # taken to exist in every subgraph.
        in_graphs = {g.name: TypeInGraph(graph=g.name) for g in graphs.values()}
    # Join v0.1 (Federation 1): fields without @join__field belong to the owning subgraph.
    owners = [_graph(a, graphs) for a in _directives(nodes, names.join_name("owner"))]
    owner = next((o for o in owners if o is not None), None)
    default_graphs = [owner] if owner is not None else list(in_graphs)
    fields: dict[str, FieldDef] = {}
    field_directive = names.join_name("field")
    for node in nodes:
        for field in getattr(node, "fields", None) or ():
            if kind == "input":
                continue
            joins = [_args(d) for d in field.directives or () if d.name.value == field_directive]
            per_graph: list[FieldInGraph] = []
            if joins:
                for args in joins:
                    graph = _graph(args, graphs)
                    if graph is None:
                        continue
                    per_graph.append(
                        FieldInGraph(
                            graph=graph,
                            requires=args.get("requires"),
                            provides=args.get("provides"),
                            external=bool(args.get("external", False)),
                            override=args.get("override"),
                            override_label=args.get("overrideLabel"),
                            used_overridden=bool(args.get("usedOverridden", False)),
                            type=args.get("type"),
                        )
                    )
            else:
                per_graph = [FieldInGraph(graph=g) for g in default_graphs]
            fields[field.name.value] = FieldDef(
                name=field.name.value, type_name=_named(field.type), graphs=tuple(per_graph)
            )
    implements: dict[str, list[str]] = defaultdict(list)
    implements_args = _directives(nodes, names.join_name("implements"))
    for args in implements_args:
        graph = _graph(args, graphs)
        if graph is not None and "interface" in args:
            implements[args["interface"]].append(graph)
    if not implements_args:
        for node in nodes:
            for interface in getattr(node, "interfaces", None) or ():
                implements[interface.name.value] = list(in_graphs)
    members: dict[str, list[str]] = defaultdict(list)
    member_args = _directives(nodes, names.join_name("unionMember"))
    for args in member_args:
        graph = _graph(args, graphs)
        if graph is not None and "member" in args:
            members[args["member"]].append(graph)
    if not member_args and kind == "union":
        for node in nodes:
            for member in getattr(node, "types", None) or ():
                members[member.name.value] = list(in_graphs)
    enum_values: dict[str, list[str]] = defaultdict(list)
    value_directive = names.join_name("enumValue")
    for node in nodes:
        for value in getattr(node, "values", None) or ():
            value_graphs = [
                _graph(_args(d), graphs)
                for d in value.directives or ()
                if d.name.value == value_directive
            ]
            found = [g for g in value_graphs if g is not None]
            enum_values[value.name.value] = found or list(in_graphs)
    inaccessible = names.inaccessible is not None and any(
        d.name.value == names.inaccessible for node in nodes for d in node.directives or ()
    )
    return TypeDef(
        name=name,
        kind=kind,
        graphs=MappingProxyType(in_graphs),
        fields=MappingProxyType(fields),
        implements=MappingProxyType({k: tuple(v) for k, v in implements.items()}),
        union_members=MappingProxyType({k: tuple(v) for k, v in members.items()}),
        enum_values=MappingProxyType({k: tuple(v) for k, v in enum_values.items()}),
        inaccessible=inaccessible,
    )
