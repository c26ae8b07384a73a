"""Deep merge of subgraph results into the response being assembled."""

from __future__ import annotations

from typing import Any

__all__ = ["deep_merge"]


def deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    """Merge `source` into `target` in place: objects key by key, lists of equal length by index.

    Two fetches may return the same object (an entity's key fields, say); merging rather than
    replacing keeps what each contributed.
    """
    for key, value in source.items():
        current = target.get(key)
        if current is None or value is None:
            if key not in target or value is not None:
                target[key] = value
            continue
        # Exact type checks: merged data is decoded JSON, and they are the cheapest test.
        kind = type(current)
        if kind is dict and type(value) is dict:
            deep_merge(current, value)
        elif kind is list and type(value) is list and len(current) == len(value):
            _merge_lists(current, value)
        else:
            target[key] = value


def _merge_lists(target: list[Any], source: list[Any]) -> None:
    for index, value in enumerate(source):
        current = target[index]
        if isinstance(current, dict) and isinstance(value, dict):
            deep_merge(current, value)
        elif isinstance(current, list) and isinstance(value, list) and len(current) == len(value):
            _merge_lists(current, value)
        elif value is not None or current is None:
            target[index] = value
