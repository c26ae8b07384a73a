"""Finding the objects a `FlattenNode` path points at (and, when an error needs it, where)."""

from __future__ import annotations

from typing import Any

__all__ = ["Located", "located_at", "objects_at"]

# An object found in the merged data and where it sits in the client's response.
Located = tuple[dict[str, Any], tuple[str | int, ...]]


def objects_at(root: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every object at `path` below `root`, in document order; null or missing parents are skipped.

    `@` steps through a list; lists met on a plain key are stepped through as well, so a plan that
    omits `@` still works.  A step `... on T` keeps only objects whose `__typename` is `T`.
    This is the hot path of entity fetches: it goes level by level, keeps only objects at each
    level (lists are stepped into as they are met) and builds no paths.
    """
    level: list[dict[str, Any]] = [root]
    for step in path:
        if step == "@":
            continue
        out: list[dict[str, Any]] = []
        if step.startswith("... on "):
            wanted = step[7:]
            for obj in level:
                if obj.get("__typename") in (None, wanted):
                    out.append(obj)
        else:
            append = out.append
            for obj in level:
                value = obj.get(step)
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


def located_at(root: dict[str, Any], path: tuple[str, ...]) -> list[Located]:
    """Like `objects_at`, with each object's response path; used only to re-path errors."""
    found: list[Located] = []
    _walk(root, path, 0, (), found)
    return found


def _walk(
    value: Any,
    path: tuple[str, ...],
    depth: int,
    where: tuple[str | int, ...],
    found: list[Located],
) -> None:
    if isinstance(value, list):
        step_over = depth < len(path) and path[depth] == "@"
        next_depth = depth + 1 if step_over else depth
        for index, item in enumerate(value):
            _walk(item, path, next_depth, (*where, index), found)
        return
    if not isinstance(value, dict):
        return
    if depth == len(path):
        found.append((value, where))
        return
    step = path[depth]
    if step == "@":
        _walk(value, path, depth + 1, where, found)
    elif step.startswith("... on "):
        if value.get("__typename") in (None, step[7:]):
            _walk(value, path, depth + 1, where, found)
    else:
        _walk(value.get(step), path, depth + 1, (*where, step), found)
