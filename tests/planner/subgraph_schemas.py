"""Test helper: each subgraph's schema as the supergraph describes it, to validate fetches."""

from __future__ import annotations

from graphql import (
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLSchema,
    build_ast_schema,
    parse,
    print_type,
)

from gateway.supergraph import Supergraph

__all__ = ["subgraph_schema"]


def _field_line(supergraph: Supergraph, type_name: str, field_name: str, own: str | None) -> str:
    gql_type = supergraph.schema.get_type(type_name)
    assert isinstance(gql_type, GraphQLObjectType) or hasattr(gql_type, "fields")
    field = gql_type.fields[field_name]  # type: ignore[union-attr]
    args = ""
    if field.args:
        args = "(" + ", ".join(f"{n}: {a.type}" for n, a in field.args.items()) + ")"
    return f"  {field_name}{args}: {own or field.type}"


def subgraph_schema(supergraph: Supergraph, graph: str) -> GraphQLSchema:
    """Approximately subgraph `graph`'s schema (with `_entities`), built from the join model."""
    parts: list[str] = ["scalar _Any"]
    entities: list[str] = []
    query_fields: list[str] = []
    roots = {supergraph.query_type, supergraph.mutation_type, supergraph.subscription_type}
    for type_def in supergraph.types.values():
        if graph not in type_def.graphs and type_def.kind in ("object", "interface", "union"):
            continue
        membership = type_def.graphs.get(graph)
        match type_def.kind:
            case "object" | "interface":
                lines = [
                    _field_line(supergraph, type_def.name, f.name, fig.type)
                    for f in type_def.fields.values()
                    if (fig := f.in_graph(graph)) is not None
                ]
                if type_def.name == supergraph.query_type:
                    query_fields = lines
                    continue
                if not lines:
                    lines = ["  _placeholder: String"]
                interface_object = membership is not None and membership.is_interface_object
                keyword = (
                    "interface" if type_def.kind == "interface" and not interface_object else "type"
                )
                implements = [i for i, gs in type_def.implements.items() if graph in gs]
                head = f"{keyword} {type_def.name}"
                if implements:
                    head += " implements " + " & ".join(implements)
                parts.append(head + " {\n" + "\n".join(lines) + "\n}")
                keyed = membership is not None and bool(membership.keys)
                if keyword == "type" and keyed and type_def.name not in roots:
                    entities.append(type_def.name)
            case "union":
                members = [m for m, gs in type_def.union_members.items() if graph in gs]
                if members:
                    parts.append(f"union {type_def.name} = " + " | ".join(members))
            case "enum":
                values = [v for v, gs in type_def.enum_values.items() if graph in gs]
                parts.append(f"enum {type_def.name} {{ " + " ".join(values or ["_NONE"]) + " }")
            case "scalar":
                if supergraph.schema.get_type(type_def.name) is not None and type_def.name not in (
                    "String",
                    "Int",
                    "Float",
                    "Boolean",
                    "ID",
                ):
                    parts.append(f"scalar {type_def.name}")
            case "input":
                input_type = supergraph.schema.get_type(type_def.name)
                assert isinstance(input_type, GraphQLInputObjectType)
                parts.append(print_type(input_type))
    if entities:
        parts.append("union _Entity = " + " | ".join(entities))
        query_fields.append("  _entities(representations: [_Any!]!): [_Entity]!")
    query_fields.append("  _service: String")
    parts.append(f"type {supergraph.query_type} {{\n" + "\n".join(query_fields) + "\n}")
    schema_ops = [f"query: {supergraph.query_type}"]
    for kind, name in (
        ("mutation", supergraph.mutation_type),
        ("subscription", supergraph.subscription_type),
    ):
        if name is not None and any(p.startswith(f"type {name} ") for p in parts):
            schema_ops.append(f"{kind}: {name}")
    parts.append("schema { " + " ".join(schema_ops) + " }")
    return build_ast_schema(parse("\n".join(parts)), assume_valid_sdl=True)
