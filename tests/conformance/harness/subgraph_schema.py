"""Turn a declared subgraph into an executable graphql-core schema with federation's fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    build_ast_schema,
    parse,
)

from .model import Subgraph

# Federation's own definitions, declared unprefixed: our scenarios import them by bare name.
_FEDERATION_DEFINITIONS = """
scalar _Any
scalar FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
directive @link(url: String!, as: String, import: [link__Import], for: link__Purpose)
  repeatable on SCHEMA
directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @requires(fields: FieldSet!) on FIELD_DEFINITION
directive @provides(fields: FieldSet!) on FIELD_DEFINITION
directive @external(reason: String) on OBJECT | FIELD_DEFINITION
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
directive @override(from: String!, label: String) on FIELD_DEFINITION
directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION
  | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @interfaceObject on OBJECT
directive @extends on OBJECT | INTERFACE
directive @composeDirective(name: String!) repeatable on SCHEMA
type _Service { sdl: String }
"""


def _definitions_for_extensions(document: DocumentNode) -> DocumentNode:
    """Fed-1 style `extend type X` with no `type X` in the same SDL becomes a definition."""
    defined = {
        d.name.value for d in document.definitions if isinstance(d, ObjectTypeDefinitionNode)
    }
    definitions = []
    for node in document.definitions:
        if isinstance(node, ObjectTypeExtensionNode) and node.name.value not in defined:
            defined.add(node.name.value)
            node = ObjectTypeDefinitionNode(
                name=node.name,
                interfaces=node.interfaces,
                directives=node.directives,
                fields=node.fields,
            )
        definitions.append(node)
    return DocumentNode(definitions=tuple(definitions))


def _entity_type_names(document: DocumentNode) -> list[str]:
    names = []
    for node in document.definitions:
        if isinstance(node, ObjectTypeDefinitionNode) and any(
            d.name.value == "key" for d in node.directives or ()
        ):
            names.append(node.name.value)
    return names


def build_executable_schema(subgraph: Subgraph) -> GraphQLSchema:
    """The subgraph's schema with federation's additions and the declared resolvers attached."""
    user_doc = _definitions_for_extensions(parse(subgraph.sdl))
    has_query = any(
        isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query"
        for d in user_doc.definitions
    )
    entities = _entity_type_names(user_doc)
    extra = _FEDERATION_DEFINITIONS + ("" if has_query else "type Query\n")
    root_fields = "_service: _Service!\n"
    if entities:
        extra += f"union _Entity = {' | '.join(entities)}\n"
        root_fields += "_entities(representations: [_Any!]!): [_Entity]!\n"
    extra += f"extend type Query {{\n{root_fields}}}\n"
    document = DocumentNode(definitions=(*parse(extra).definitions, *user_doc.definitions))
    schema = build_ast_schema(document, assume_valid_sdl=True)
    _attach(schema, subgraph)
    return schema


def _attach(schema: GraphQLSchema, subgraph: Subgraph) -> None:
    for type_name, fields in subgraph.resolvers.items():
        gql_type = schema.get_type(type_name)
        assert isinstance(gql_type, GraphQLObjectType), f"{subgraph.name}: no type {type_name}"
        for field_name, resolver in fields.items():
            assert field_name in gql_type.fields, f"{subgraph.name}: no {type_name}.{field_name}"
            gql_type.fields[field_name].resolve = resolver
    query = schema.query_type
    assert query is not None
    query.fields["_service"].resolve = lambda _root, _info: {"sdl": subgraph.sdl}
    if "_entities" in query.fields:
        query.fields["_entities"].resolve = _entities_resolver(subgraph)


def _entities_resolver(subgraph: Subgraph) -> Any:
    def resolve(_root: Any, _info: GraphQLResolveInfo, representations: list[Any]) -> list[Any]:
        return [_resolve_one(subgraph.entities, rep) for rep in representations]

    return resolve


def _resolve_one(resolvers: Mapping[str, Any], representation: Any) -> Any:
    if not isinstance(representation, dict) or "__typename" not in representation:
        return GraphQLError("representation without __typename")
    typename = representation["__typename"]
    resolver = resolvers.get(typename)
    if resolver is None:
        return GraphQLError(f"no entity resolver for {typename}")
    found = resolver(representation)
    if found is None or isinstance(found, Exception):
        return found
    return {**representation, **found, "__typename": found.get("__typename", typename)}


def type_resolver(value: Any, _info: GraphQLResolveInfo, _abstract: Any) -> str | None:
    """Abstract types resolve through the `__typename` every object dict carries."""
    if isinstance(value, dict):
        name = value.get("__typename")
        return name if isinstance(name, str) else None
    return None
