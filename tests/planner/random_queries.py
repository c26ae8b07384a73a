"""Test helper: deterministic random operations over an API schema (fields, fragments, aliases)."""

from __future__ import annotations

import random

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLType,
    GraphQLUnionType,
    Undefined,
)

__all__ = ["random_query"]

_LITERALS = {"ID": '"1"', "String": '"x"', "Int": "1", "Float": "1.5", "Boolean": "true"}


def _named(type_: GraphQLType) -> GraphQLNamedType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    assert isinstance(type_, GraphQLNamedType)
    return type_


def _literal(type_: GraphQLType) -> str | None:
    named = _named(type_)
    is_list = isinstance(type_.of_type if isinstance(type_, GraphQLNonNull) else type_, GraphQLList)
    value: str | None
    if isinstance(named, GraphQLEnumType):
        value = next(iter(named.values), None)
    elif isinstance(named, GraphQLScalarType):
        value = _LITERALS.get(named.name, '"x"')
    elif isinstance(named, GraphQLInputObjectType):
        fields = []
        for name, field in named.fields.items():
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined:
                inner = _literal(field.type)
                if inner is None:
                    return None
                fields.append(f"{name}: {inner}")
        value = "{" + ", ".join(fields) + "}"
    else:
        return None
    if value is None:
        return None
    return f"[{value}]" if is_list else value


def _arguments(field: GraphQLField) -> str | None:
    parts = []
    for name, argument in field.args.items():
        if isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined:
            value = _literal(argument.type)
            if value is None:
                return None
            parts.append(f"{name}: {value}")
    return "(" + ", ".join(parts) + ")" if parts else ""


def _selection(
    schema: GraphQLSchema,
    type_: GraphQLNamedType,
    rng: random.Random,
    depth: int,
    counter: list[int],
) -> str:
    parts: list[str] = []
    if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
        names = list(type_.fields)
        rng.shuffle(names)
        for name in names[: rng.randint(1, 4)]:
            field = type_.fields[name]
            arguments = _arguments(field)
            if arguments is None:
                continue
            alias = ""
            if rng.random() < 0.15:
                counter[0] += 1
                alias = f"a{counter[0]}: "
            child = _named(field.type)
            directive = _condition(rng)
            if isinstance(child, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
                if depth >= 3:
                    continue
                inner = _selection(schema, child, rng, depth + 1, counter)
                parts.append(f"{alias}{name}{arguments}{directive} {inner}")
            else:
                parts.append(f"{alias}{name}{arguments}{directive}")
    if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
        possible = list(schema.get_possible_types(type_))
        rng.shuffle(possible)
        for object_type in possible[: rng.randint(0, 2)]:
            if depth < 3:
                inner = _selection(schema, object_type, rng, depth + 1, counter)
                parts.append(f"... on {object_type.name}{_condition(rng)} {inner}")
    if not parts or rng.random() < 0.2:
        parts.append("__typename")
    return "{ " + " ".join(parts) + " }"


def _condition(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return " @include(if: $yes)"
    if roll < 0.16:
        return " @skip(if: $no)"
    return ""


def random_query(schema: GraphQLSchema, seed: int) -> str:
    """A query selecting random fields (depth ≤ 3, some under `@include`/`@skip`)."""
    rng = random.Random(seed)
    query = schema.query_type
    assert query is not None
    body = _selection(schema, query, rng, 0, [0])
    declared = [
        f"${v}: Boolean! = {d}" for v, d in (("yes", "true"), ("no", "false")) if f"${v}" in body
    ]
    return f"query Random({', '.join(declared)}) {body}" if declared else body
