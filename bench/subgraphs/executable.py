"""Executable graphql-core schemas from SDL files: federation subgraphs and plain schemas.

A subgraph gets what the federation subgraph spec asks for (`_Any`, `_Entity`, `_entities`,
`_service { sdl }`); its resolvers are plain functions attached to the built schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, GraphQLUnionType, build_schema

__all__ = ["SCHEMAS", "Resolver", "federated_schema", "plain_schema"]

SCHEMAS = Path(__file__).parent / "schemas"

Resolver = Callable[..., Any]

# Federation's directives, declared so graphql-core accepts the subgraph SDL as written.
_FEDERATION_DEFINITIONS = """
scalar _Any
scalar link__Import
directive @link(url: String, as: String, import: [link__Import]) repeatable on SCHEMA
directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @external on FIELD_DEFINITION | OBJECT
directive @requires(fields: String!) on FIELD_DEFINITION
directive @provides(fields: String!) on FIELD_DEFINITION
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
type _Service { sdl: String }
"""

_KEYED_TYPE = re.compile(r"^type (\w+) @key", re.MULTILINE)


def _attach(schema: GraphQLSchema, resolvers: Mapping[str, Mapping[str, Resolver]]) -> None:
    for type_name, fields in resolvers.items():
        graphql_type = schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType), type_name
        for field_name, resolver in fields.items():
            graphql_type.fields[field_name].resolve = resolver


def plain_schema(file: str, resolvers: Mapping[str, Mapping[str, Resolver]]) -> GraphQLSchema:
    schema = build_schema((SCHEMAS / file).read_text())
    _attach(schema, resolvers)
    return schema


def federated_schema(
    file: str | Path,
    resolvers: Mapping[str, Mapping[str, Resolver]],
    entity: Callable[[Mapping[str, Any]], object],
) -> GraphQLSchema:
    """The subgraph in `file` (a name in bench/subgraphs/schemas, or a path); `entity` turns one
    representation into its object (a dict)."""
    sdl = (SCHEMAS / file).read_text()
    entities = _KEYED_TYPE.findall(sdl)
    query_fields = "_entities(representations: [_Any!]!): [_Entity]!\n  _service: _Service!"
    has_query = re.search(r"^type Query\b", sdl, re.MULTILINE) is not None
    query = f"{'extend type' if has_query else 'type'} Query {{\n  {query_fields}\n}}\n"
    full = f"{sdl}\n{_FEDERATION_DEFINITIONS}\nunion _Entity = {' | '.join(entities)}\n{query}"
    schema = build_schema(full)
    union = schema.get_type("_Entity")
    assert isinstance(union, GraphQLUnionType)
    union.resolve_type = lambda value, _info, _type: value["__typename"]

    def resolve_entities(_root: object, _info: object, representations: list[Any]) -> list[object]:
        return [entity(representation) for representation in representations]

    _attach(
        schema,
        {
            **resolvers,
            "Query": {
                **resolvers.get("Query", {}),
                "_entities": resolve_entities,
                "_service": lambda _root, _info: {"sdl": sdl},
            },
        },
    )
    return schema
