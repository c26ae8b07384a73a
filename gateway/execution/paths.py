"""Finding the objects a `FlattenNode` path points at (and, when an error needs it, where)."""

from __future__ import annotations

from typing import Any, assert_never

from gateway.execution.merge import NATIVE
from gateway.plan.nodes import AnyIndex, Key, PathElement, TypeCondition

__all__ = ["Located", "located_at", "objects_at", "walk_objects"]

# An object found in the merged data and where it sits in the client's response.
Located = tuple[dict[str, Any], tuple[str | int, ...]]

if NATIVE is not None:
    NATIVE.configure(AnyIndex, TypeCondition)


def objects_at(root: dict[str, Any], path: tuple[PathElement, ...]) -> list[dict[str, Any]]:
    """Every object at `path` below `root`, in document order; null or missing parents are skipped.

    `AnyIndex` steps through a list; lists met on a `Key` are stepped through as well, so a plan
    that omits `AnyIndex` still works.  A `TypeCondition` keeps only objects whose `__typename`
    is its type (or that have none).
    This is the hot path of entity fetches: it goes level by level, keeps only objects at each
    level (lists are stepped into as they are met) and builds no paths.  With the compiled hot
    path the same walk is `_cdata.c`'s.
    """
    if NATIVE is not None:
        found: list[dict[str, Any]] = NATIVE.objects_at(root, path)
        return found
    return walk_objects(root, path)


def walk_objects(root: dict[str, Any], path: tuple[PathElement, ...]) -> list[dict[str, Any]]:
    """`objects_at` in Python (its plain-Python path, and the C walk's reference)."""
    level: list[dict[str, Any]] = [root]
    for step in path:
        step_kind = type(step)
        if step_kind is AnyIndex:
            continue
        out: list[dict[str, Any]] = []
        if step_kind is TypeCondition:
            wanted = step.type_name  # type: ignore[union-attr]
            for obj in level:
                if obj.get("__typename") in (None, wanted):
                    out.append(obj)
        else:
            key = step.name  # type: ignore[union-attr]
            append = out.append
            for obj in level:
                value = obj.get(key)
                kind = type(value)
                if kind is dict:
                    append(value)  # type: ignore[arg-type]
                elif kind is list:
                    for item in value:  # type: ignore[union-attr]
                        if type(item) is dict:
                            append(item)
                        elif type(item) is list:
                            _extend_objects(out, item)
        level = out
    return level


def _extend_objects(out: list[dict[str, Any]], values: list[Any]) -> None:
    """Append the objects among `values`, stepping into nested lists."""
    for value in values:
        if type(value) is dict:
            out.append(value)
        elif type(value) is list:
            _extend_objects(out, value)


def located_at(root: dict[str, Any], path: tuple[PathElement, ...]) -> list[Located]:
    """Like `objects_at`, with each object's response path; used only to re-path errors."""
    found: list[Located] = []
    _walk(root, path, 0, (), found)
    return found


def _walk(
    value: Any,
    path: tuple[PathElement, ...],
    depth: int,
    where: tuple[str | int, ...],
    found: list[Located],
) -> None:
    if isinstance(value, list):
        step_over = depth < len(path) and type(path[depth]) is AnyIndex
        next_depth = depth + 1 if step_over else depth
        for index, item in enumerate(value):
            _walk(item, path, next_depth, (*where, index), found)
        return
    if not isinstance(value, dict):
        return
    if depth == len(path):
        found.append((value, where))
        return
    match path[depth]:
        case AnyIndex():
            _walk(value, path, depth + 1, where, found)
        case TypeCondition(type_name=type_name):
            if value.get("__typename") in (None, type_name):
                _walk(value, path, depth + 1, where, found)
        case Key(name=key):
            _walk(value.get(key), path, depth + 1, (*where, key), found)
        case step:
            assert_never(step)
