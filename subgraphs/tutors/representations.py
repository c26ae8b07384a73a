"""Checks `_entities` representations before Strawberry's resolver trusts them.

Strawberry's entity resolver fails with a TypeError/KeyError (INTERNAL_SERVER_ERROR for the
client) on a representation that is not an object, lacks `__typename` or `id`, names a type
that is not an entity of ours, or carries extra keys. Such input is the caller's mistake, so
it becomes BAD_USER_INPUT here, and only the key is handed on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphql import GraphQLSchema

from shared.errors import BadUserInput

__all__ = ["check_representations", "guard_entities"]


def check_representations(value: Any, typenames: frozenset[str]) -> list[dict[str, Any]]:
    """`value` as a list of `{__typename, id}` of our entity types, or BadUserInput."""
    if not isinstance(value, list):
        raise BadUserInput("`representations` must be a list of objects")
    checked = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise BadUserInput(f"representation {index} is not an object")
        typename = item.get("__typename")
        if typename not in typenames:
            allowed = ", ".join(sorted(typenames))
            raise BadUserInput(f"representation {index}: `__typename` must be one of {allowed}")
        key = item.get("id")
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise BadUserInput(f"representation {index}: `id` must be a string")
        checked.append({"__typename": typename, "id": str(key)})
    return checked


def guard_entities(schema: GraphQLSchema, typenames: Iterable[str]) -> None:
    """Put `check_representations` in front of the `_entities` resolver of `schema`."""
    assert schema.query_type is not None
    field = schema.query_type.fields["_entities"]
    resolve: Callable[..., Any] | None = field.resolve
    assert resolve is not None
    known = frozenset(typenames)

    def guarded(root: Any, info: Any, **arguments: Any) -> Any:
        arguments["representations"] = check_representations(
            arguments.get("representations"), known
        )
        return resolve(root, info, **arguments)

    field.resolve = guarded
