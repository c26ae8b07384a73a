"""Builds the client's `data` from merged subgraph JSON in one walk over a compiled shape.

Null bubbling follows the GraphQL spec: a null (or missing) value for a non-null position makes
its parent null, up to the nearest nullable field or list item, with one error at the path of
the position that was null, unless an error already covers that path (a failed fetch, say).
"""

from __future__ import annotations

from typing import Any

from gateway.shaping.shape import FieldKind, FieldShape, ObjectShape

__all__ = ["shape_response"]

# Returned when a non-null position got null: the caller nulls itself or passes it up.
_NULLED: Any = object()

_TYPENAME = FieldKind.TYPENAME
_LEAF = FieldKind.LEAF
_PASSTHROUGH = FieldKind.PASSTHROUGH


def shape_response(
    data: dict[str, Any] | None, shape: ObjectShape, errors: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The client's `data`; null-violation errors are appended to `errors`."""
    walker = _Walker(errors)
    result = walker.object(data if isinstance(data, dict) else {}, shape, [])
    return None if result is _NULLED else result


class _Walker:
    __slots__ = ("error_paths", "errors", "prefixes")

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        self.error_paths: set[tuple[Any, ...]] | None = None
        self.prefixes: set[tuple[Any, ...]] = set()

    def object(self, src: dict[str, Any], shape: ObjectShape, path: list[Any]) -> Any:
        if shape.abstract:
            typename = src.get("__typename")
            fields = shape.by_type.get(typename, shape.fields) if typename else shape.fields
        else:
            typename = shape.type_name
            fields = shape.fields
        out: dict[str, Any] = {}
        for field in fields:
            kind = field.kind
            if kind is _TYPENAME:
                out[field.key] = typename or shape.type_name
                continue
            value = src.get(field.key)
            if kind is _PASSTHROUGH:
                out[field.key] = value
                continue
            if kind is _LEAF and len(field.non_null) == 1:
                # The common case, kept free of calls: a scalar that is not a list.
                if value is None and field.non_null[0]:
                    path.append(field.key)
                    self.violation(field, path)
                    path.pop()
                    return _NULLED
                out[field.key] = value
                continue
            path.append(field.key)
            completed = self.complete(value, field, 0, path)
            path.pop()
            if completed is _NULLED:
                return _NULLED
            out[field.key] = completed
        return out

    def complete(self, value: Any, field: FieldShape, depth: int, path: list[Any]) -> Any:
        non_null = field.non_null[depth]
        if value is None:
            if non_null:
                self.violation(field, path)
                return _NULLED
            return None
        if depth + 1 < len(field.non_null):
            if not isinstance(value, list):
                return self.complete(None, field, depth, path)
            if field.kind is _LEAF and not any(field.non_null[depth + 1 :]):
                return value
            items: list[Any] = []
            for index, item in enumerate(value):
                path.append(index)
                completed = self.complete(item, field, depth + 1, path)
                path.pop()
                if completed is _NULLED:
                    return _NULLED if non_null else None
                items.append(completed)
            return items
        if field.kind is _LEAF:
            return value
        assert field.sub is not None
        if not isinstance(value, dict):
            return self.complete(None, field, depth, path)
        shaped = self.object(value, field.sub, path)
        if shaped is _NULLED:
            return _NULLED if non_null else None
        return shaped

    def violation(self, field: FieldShape, path: list[Any]) -> None:
        where = tuple(path)
        if self.is_covered(where):
            return
        message = f"Cannot return null for non-nullable field {field.parent_type}.{field.name}."
        self.errors.append({"message": message, "path": list(where)})

    def is_covered(self, where: tuple[Any, ...]) -> bool:
        """Whether an error already sits at `where`, above it or below it."""
        if self.error_paths is None:
            # Built on the first violation only: most responses have none.
            self.error_paths = set()
            for error in self.errors:
                path = error.get("path")
                if isinstance(path, list):
                    self.error_paths.add(tuple(path))
                    for end in range(1, len(path) + 1):
                        self.prefixes.add(tuple(path[:end]))
        if where in self.prefixes:
            return True
        return any(where[:end] in self.error_paths for end in range(1, len(where)))
