"""Validation of `_entities` representations before Strawberry's own resolver sees them.

Strawberry's resolver trusts its input: a representation without `__typename` or `id`, with
an unknown type name or with extra keys ends in a TypeError/KeyError that the client sees as
INTERNAL_SERVER_ERROR. Here such input becomes BAD_USER_INPUT instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphql import GraphQLSchema

from shared.errors import BadUserInput

__all__ = ["guard_entities"]


def _clean(representations: Any, typenames: frozenset[str]) -> list[dict[str, Any]]:
    if not isinstance(representations, list):
        raise BadUserInput("representations must be a list of objects", field="representations")
    out = []
    for n, rep in enumerate(representations):
        if not isinstance(rep, dict):
            raise BadUserInput(f"representation {n} is not an object", field="representations")
        typename = rep.get("__typename")
        if not isinstance(typename, str) or typename not in typenames:
            raise BadUserInput(
                f"representation {n}: __typename must be one of {', '.join(sorted(typenames))}",
                field="representations",
            )
        key = rep.get("id")
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise BadUserInput(f"representation {n}: id must be a string", field="representations")
        # Only the key reaches resolve_reference; other fields are not ours to interpret.
        out.append({"__typename": typename, "id": str(key)})
    return out


def guard_entities(schema: GraphQLSchema, typenames: Iterable[str]) -> None:
    """Wraps the `_entities` resolver of `schema` with the representation checks."""
    query = schema.query_type
    assert query is not None
    field = query.fields["_entities"]
    original: Callable[..., Any] | None = field.resolve
    assert original is not None
    known = frozenset(typenames)

    def resolve(root: Any, info: Any, **kwargs: Any) -> Any:
        kwargs["representations"] = _clean(kwargs.get("representations"), known)
        return original(root, info, **kwargs)

    field.resolve = resolve
