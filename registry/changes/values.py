"""Default values and types of input positions: when they are equal, how they read, and which
type changes clients survive in an output position and in an input position."""

from __future__ import annotations

import math
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLInputField,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLType,
    Undefined,
    ast_from_value,
    print_ast,
)

__all__ = [
    "describe_default",
    "has_default",
    "is_safe_input_change",
    "is_safe_output_change",
    "same_default",
    "show_value",
]

InputValue = GraphQLArgument | GraphQLInputField


def has_default(value: InputValue) -> bool:
    """A default is declared (`= null` counts; a literal the type cannot take does not)."""
    return value.default_value is not Undefined


def same_default(old: InputValue | None, new: InputValue) -> bool:
    """Defaults compare as coerced values: `{a: 1, b: 2}` equals `{b: 2, a: 1}`, `1` equals
    `1.0` for a Float, and a list default `1` equals `[1]`."""
    return _same(Undefined if old is None else old.default_value, new.default_value)


def _same(old: Any, new: Any) -> bool:
    if old is Undefined or new is Undefined or old is None or new is None:
        return old is new
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        if math.isnan(old) or math.isnan(new):
            return math.isnan(old) and math.isnan(new)
        # -0 and 0 are distinct values, as for any JSON-like comparison of numbers by identity.
        return old == new and math.copysign(1, old) == math.copysign(1, new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[key], new[key]) for key in old)
    if isinstance(old, list | dict) or isinstance(new, list | dict):
        return False
    return bool(old == new)


def show_value(value: Any, type_: GraphQLInputType) -> str:
    """A coerced value written back as a GraphQL literal, for messages."""
    if value is Undefined:
        return "none"
    try:
        node = ast_from_value(value, type_)
    except (TypeError, ValueError):
        node = None
    return print_ast(node) if node is not None else repr(value)


def describe_default(value: InputValue) -> str:
    return show_value(value.default_value, value.type)


def is_safe_output_change(old: GraphQLType, new: GraphQLType) -> bool:
    """A field may start returning a stricter type: the old type with non-null added at any
    depth. Anything else (a non-null dropped, a list added or removed, another named type) can
    hand clients values they do not expect."""
    if isinstance(new, GraphQLNonNull):
        return is_safe_output_change(
            old.of_type if isinstance(old, GraphQLNonNull) else old, new.of_type
        )
    if isinstance(old, GraphQLNonNull):
        return False
    if isinstance(old, GraphQLList) or isinstance(new, GraphQLList):
        return (
            isinstance(old, GraphQLList)
            and isinstance(new, GraphQLList)
            and is_safe_output_change(old.of_type, new.of_type)
        )
    return str(old) == str(new)


def is_safe_input_change(old: GraphQLType, new: GraphQLType) -> bool:
    """An argument or input field may start accepting a looser type: every value that was valid
    stays valid exactly when the old type is the new one made stricter."""
    return is_safe_output_change(new, old)
