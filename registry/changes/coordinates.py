"""Schema coordinates of the elements a change is about."""

from __future__ import annotations

__all__ = ["SCHEMA", "argument", "directive", "directive_argument", "member"]

SCHEMA = "schema"
"""Where directives applied to the schema definition itself are reported: it has no coordinate."""


def member(type_name: str, name: str) -> str:
    """A field, an input field or an enum value: `Type.name`."""
    return f"{type_name}.{name}"


def argument(type_name: str, field_name: str, name: str) -> str:
    return f"{type_name}.{field_name}({name}:)"


def directive(name: str) -> str:
    return f"@{name}"


def directive_argument(directive_name: str, name: str) -> str:
    return f"@{directive_name}({name}:)"
