"""Printing GraphQL literal values the way Apollo prints them in a supergraph."""

from __future__ import annotations

import json

from graphql import (
    BooleanValueNode,
    EnumValueNode,
    FloatValueNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)

__all__ = ["js_number", "python_to_str", "value_str"]


def value_str(node: ValueNode) -> str:
    match node:
        case StringValueNode():
            return json.dumps(node.value, ensure_ascii=False)
        case FloatValueNode():
            return js_number(float(node.value))
        case IntValueNode() | EnumValueNode():
            return str(node.value)
        case BooleanValueNode():
            return "true" if node.value else "false"
        case NullValueNode():
            return "null"
        case ListValueNode():
            return "[" + ", ".join(value_str(v) for v in node.values) + "]"
        case ObjectValueNode():
            return (
                "{" + ", ".join(f"{f.name.value}: {value_str(f.value)}" for f in node.fields) + "}"
            )
        case VariableNode():
            return f"${node.name.value}"
    return str(node)


def js_number(value: float) -> str:
    """How JavaScript prints a number: Apollo parses literals to JS values before printing."""
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else "+"
        text = f"{mantissa}e{sign}{int(exponent.lstrip('+-'))}"
    return text


def python_to_str(value: object) -> str:
    """Prints a Python value built by the composer itself (join directive arguments)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(python_to_str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {python_to_str(v)}" for k, v in value.items()) + "}"
    return str(value)
