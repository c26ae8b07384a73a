"""Finding the objects a `FlattenNode` path points at, with their client response paths."""

from __future__ import annotations

from typing import Any

__all__ = ["Located", "objects_at"]

# An object found in the merged data and where it sits in the client's response.
Located = tuple[dict[str, Any], tuple[str | int, ...]]


def objects_at(root: dict[str, Any], path: tuple[str, ...]) -> list[Located]:
    """Every object at `path` below `root`, in document order; null or missing parents are skipped.

    `@` steps through a list; lists met on a plain key are stepped through as well, so a plan that
    omits `@` still works.  A step `... on T` keeps only objects whose `__typename` is `T`.
    """
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
    if value is None:
        return
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
        # `@` on an object (not a list): nothing to step through, carry on.
        _walk(value, path, depth + 1, where, found)
    elif step.startswith("... on "):
        if value.get("__typename") in (None, step[7:]):
            _walk(value, path, depth + 1, where, found)
    else:
        _walk(value.get(step), path, depth + 1, (*where, step), found)
