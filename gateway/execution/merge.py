"""Deep merge of subgraph results into the response being assembled.

With the compiled hot path (`gateway.native`) the work is done by `_cdata.c`, which follows
the rules written here; this Python is the reference and the plain-Python path.
"""

from __future__ import annotations

from typing import Any

from gateway.native import extension

__all__ = ["NATIVE", "copy_value", "deep_merge", "merge_entities", "merge_into"]


NATIVE: Any = extension("gateway.execution._cdata")


def deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    """Merge `source` into `target` in place: objects key by key, lists of equal length by index.

    Two fetches may return the same object (an entity's key fields, say); merging rather than
    replacing keeps what each contributed.
    """
    if NATIVE is not None:
        NATIVE.deep_merge(target, source)
        return
    merge_into(target, source)


def merge_entities(entities: list[Any], origins: list[list[dict[str, Any]]]) -> list[int]:
    """Each entity that is an object merged into the objects it was asked for; the indexes of
    the entities that are neither an object nor null (the caller's errors).

    The first object takes the entity as it is; the others take a copy when it holds objects or
    lists: the same entity merged into several objects must not share nested objects, or a
    later fetch merging into one of them would write into all.
    """
    if NATIVE is not None:
        odd: list[int] = NATIVE.merge_entities(entities, origins)
        return odd
    odd = []
    for index, (entity, objects) in enumerate(zip(entities, origins, strict=True)):
        if not isinstance(entity, dict):
            if entity is not None:
                odd.append(index)
            continue
        merge_into(objects[0], entity)
        if len(objects) > 1:
            nested = any(isinstance(v, dict | list) for v in entity.values())
            for obj in objects[1:]:
                merge_into(obj, copy_value(entity) if nested else entity)
    return odd


def copy_value(value: Any) -> Any:
    """Objects and lists copied all the way down; leaves shared."""
    if isinstance(value, dict):
        return {key: copy_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_value(item) for item in value]
    return value


def merge_into(target: dict[str, Any], source: dict[str, Any]) -> None:
    """`deep_merge` in Python (its plain-Python path, and the C merge's reference)."""
    for key, value in source.items():
        current = target.get(key)
        if current is None or value is None:
            if key not in target or value is not None:
                target[key] = value
            continue
        # Exact type checks: merged data is decoded JSON, and they are the cheapest test.
        kind = type(current)
        if kind is dict and type(value) is dict:
            merge_into(current, value)
        elif kind is list and type(value) is list and len(current) == len(value):
            _merge_lists(current, value)
        else:
            target[key] = value


def _merge_lists(target: list[Any], source: list[Any]) -> None:
    for index, value in enumerate(source):
        current = target[index]
        if isinstance(current, dict) and isinstance(value, dict):
            merge_into(current, value)
        elif isinstance(current, list) and isinstance(value, list) and len(current) == len(value):
            _merge_lists(current, value)
        elif value is not None or current is None:
            target[index] = value
