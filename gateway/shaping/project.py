"""Builds the client's `data` from merged subgraph JSON in one walk over a compiled shape.

Every value taken from a subgraph is checked against its field's type (a list where a list is
expected, an object where a composite is, a leaf its built-in scalar or enum can serialise);
one that does not fit becomes null with an error (`gateway.shaping.errors`).  Null bubbling
follows the GraphQL spec: a null (or missing) value for a non-null position makes its parent
null, up to the nearest nullable field or list item, with one error at the path of the position
that was null, unless an error already covers that path (a failed fetch, an invalid value).
"""

from __future__ import annotations

from typing import Any

from gateway.formatted_error import GraphQLFormattedError
from gateway.shaping.errors import (
    ServiceAt,
    hidden_enum_value,
    hidden_type,
    invalid_value,
    null_violation,
)
from gateway.shaping.fast import Miss, fast_shaper
from gateway.shaping.shape import INT_MAX, INT_MIN, FieldKind, FieldShape, ObjectShape, WalkMode

__all__ = ["shape_response"]

# Returned when a non-null position got null: the caller nulls itself or passes it up.
_NULLED: Any = object()

_LEAF = int(WalkMode.LEAF)
_LEAF_NON_NULL = int(WalkMode.LEAF_NON_NULL)
_TYPENAME = int(WalkMode.TYPENAME)
_PASSTHROUGH = int(WalkMode.PASSTHROUGH)
_OBJECT = int(WalkMode.OBJECT)
_OBJECT_NON_NULL = int(WalkMode.OBJECT_NON_NULL)
_ENUM = int(WalkMode.ENUM)
_SCALAR = int(WalkMode.SCALAR)
_SCALAR_NON_NULL = int(WalkMode.SCALAR_NON_NULL)
_INT = int(WalkMode.INT)
_INT_NON_NULL = int(WalkMode.INT_NON_NULL)
_INT_MIN, _INT_MAX = INT_MIN, INT_MAX


def shape_response(
    data: dict[str, Any] | None,
    shape: ObjectShape,
    errors: list[GraphQLFormattedError],
    service_at: ServiceAt | None = None,
) -> dict[str, Any] | None:
    """The client's `data`; value and null-violation errors are appended to `errors`.

    The generated fast path answers clean responses; one that needs an error is shaped again
    by the walker below, which owns errors and null bubbling.  `service_at` names the subgraph
    behind a response path, for the errors about values a subgraph sent.
    """
    source = data if isinstance(data, dict) else {}
    try:
        return fast_shaper(shape)(source)
    except Miss:
        pass
    return walk_response(source, shape, errors, service_at)


def walk_response(
    data: dict[str, Any],
    shape: ObjectShape,
    errors: list[GraphQLFormattedError],
    service_at: ServiceAt | None = None,
) -> dict[str, Any] | None:
    """`shape_response` by the walker alone (the fast path's reference)."""
    walker = _Walker(errors, service_at)
    result = walker.object(data, shape, [])
    return None if result is _NULLED else result


def _shown(value: Any, enum_values: frozenset[str] | None) -> bool:
    """Whether `value` is an enum value the API schema shows (anything but a string is not)."""
    return type(value) is str and enum_values is not None and value in enum_values


class _Walker:
    __slots__ = ("error_paths", "errors", "prefixes", "service_at")

    def __init__(self, errors: list[GraphQLFormattedError], service_at: ServiceAt | None) -> None:
        self.errors = errors
        self.service_at = service_at
        self.error_paths: set[tuple[Any, ...]] | None = None
        self.prefixes: set[tuple[Any, ...]] = set()

    def object(self, src: dict[str, Any], shape: ObjectShape, path: list[Any]) -> Any:
        """`path` is where `src` sits; it is extended only around composite fields."""
        if shape.abstract:
            typename = src.get("__typename")
            found = shape.entries_by_type.get(typename) if type(typename) is str else None
            if found is not None:
                entries = found
            elif typename is None or (type(typename) is str and typename in shape.abstract_names):
                # No concrete type known: only the fields every possible type has.
                entries = shape.entries
                typename = typename or shape.type_name
            else:
                self.report(hidden_type(shape.type_name, path, self.service(path)))
                return _NULLED
        else:
            typename = shape.type_name
            entries = shape.entries
        out: dict[str, Any] = {}
        for key, mode, field in entries:
            if mode == _SCALAR:
                value = src.get(key)
                # The quick test of the usual value first, the scalar's own check after it.
                if value is not None and type(value) not in field.clean:
                    value = self.scalar(value, field, path, key)
                out[key] = value
            elif mode == _SCALAR_NON_NULL:
                value = src.get(key)
                if value is not None and type(value) not in field.clean:
                    value = self.scalar(value, field, path, key)
                if value is None:
                    self.violation(field, [*path, key])
                    return _NULLED
                out[key] = value
            elif mode == _INT:
                value = src.get(key)
                if value is not None and (
                    type(value) is not int or not _INT_MIN <= value <= _INT_MAX
                ):
                    value = self.scalar(value, field, path, key)
                out[key] = value
            elif mode == _INT_NON_NULL:
                value = src.get(key)
                if value is not None and (
                    type(value) is not int or not _INT_MIN <= value <= _INT_MAX
                ):
                    value = self.scalar(value, field, path, key)
                if value is None:
                    self.violation(field, [*path, key])
                    return _NULLED
                out[key] = value
            elif mode == _LEAF:
                out[key] = src.get(key)
            elif mode == _LEAF_NON_NULL:
                value = src.get(key)
                if value is None:
                    self.violation(field, [*path, key])
                    return _NULLED
                out[key] = value
            elif mode == _TYPENAME:
                out[key] = typename
            elif mode == _ENUM:
                value = src.get(key)
                if value is not None and not _shown(value, field.enum_values):
                    where = [*path, key]
                    self.report(hidden_enum_value(field, where, self.service(where)))
                    value = None
                if value is None and field.non_null[0]:
                    self.violation(field, [*path, key])
                    return _NULLED
                out[key] = value
            elif mode == _PASSTHROUGH:
                out[key] = src.get(key)
            else:
                value = src.get(key)
                path.append(key)
                if mode == _OBJECT and isinstance(value, dict):
                    assert field.sub is not None
                    completed = self.object(value, field.sub, path)
                    if completed is _NULLED:
                        completed = None
                elif mode == _OBJECT_NON_NULL and isinstance(value, dict):
                    assert field.sub is not None
                    completed = self.object(value, field.sub, path)
                else:
                    completed = self.complete(value, field, 0, path)
                path.pop()
                if completed is _NULLED:
                    return _NULLED
                out[key] = completed
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
                self.invalid(field, depth, path, value)
                return self.complete(None, field, depth, path)
            if (
                field.kind is FieldKind.LEAF
                and field.enum_values is None
                and field.check is None
                and not any(field.non_null[depth + 1 :])
            ):
                return value  # a list of custom scalars: any JSON is theirs
            items: list[Any] = []
            for index, item in enumerate(value):
                path.append(index)
                completed = self.complete(item, field, depth + 1, path)
                path.pop()
                if completed is _NULLED:
                    return _NULLED if non_null else None
                items.append(completed)
            return items
        if field.kind is FieldKind.LEAF:
            if field.enum_values is not None:
                if not _shown(value, field.enum_values):
                    self.report(hidden_enum_value(field, path, self.service(path)))
                    return self.complete(None, field, depth, path)
            elif field.check is not None and not field.check(value):
                self.invalid(field, depth, path, value)
                return self.complete(None, field, depth, path)
            return value
        assert field.sub is not None
        if not isinstance(value, dict):
            self.invalid(field, depth, path, value)
            return self.complete(None, field, depth, path)
        shaped = self.object(value, field.sub, path)
        if shaped is _NULLED:
            return _NULLED if non_null else None
        return shaped

    def scalar(self, value: Any, field: FieldShape, path: list[Any], key: str) -> Any:
        """A leaf that failed the quick test: kept if the scalar's check passes, else null."""
        assert field.check is not None
        if field.check(value):
            return value  # a subclass of a JSON type, say
        self.invalid(field, 0, [*path, key], value)
        return None

    def service(self, path: list[Any]) -> str | None:
        return None if self.service_at is None else self.service_at(tuple(path))

    def invalid(self, field: FieldShape, depth: int, path: list[Any], value: Any) -> None:
        self.report(invalid_value(field, depth, path, value, self.service(path)))

    def report(self, error: GraphQLFormattedError) -> None:
        """Add an error of the walk's own, so that no null violation is written under it."""
        self.errors.append(error)
        if self.error_paths is not None:
            self._index(error["path"])

    def violation(self, field: FieldShape, path: list[Any]) -> None:
        where = tuple(path)
        if self.is_covered(where):
            return
        self.report(null_violation(field, where))

    def is_covered(self, where: tuple[Any, ...]) -> bool:
        """Whether an error already sits at `where`, above it or below it."""
        if self.error_paths is None:
            # Built on the first violation only: most responses have none.
            self.error_paths = set()
            for error in self.errors:
                path = error.get("path")
                if isinstance(path, list):
                    self._index(path)
        if where in self.prefixes:
            return True
        return any(where[:end] in self.error_paths for end in range(1, len(where)))

    def _index(self, path: list[Any]) -> None:
        assert self.error_paths is not None
        self.error_paths.add(tuple(path))
        for end in range(1, len(path) + 1):
            self.prefixes.add(tuple(path[:end]))
