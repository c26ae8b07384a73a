"""Apollo's fetch rewrites: `ValueSetter` and `KeyRenamer` applied along a path of an object."""

from __future__ import annotations

from typing import Any, assert_never

from gateway.plan.nodes import FetchRewrite, Key, KeyRenamer, TypeCondition, ValueSetter

__all__ = ["apply_rewrites"]


def apply_rewrites(value: Any, rewrites: tuple[FetchRewrite, ...]) -> None:
    """Apply each rewrite to `value` in place (lists are stepped through)."""
    for rewrite in rewrites:
        if rewrite.path:
            _apply(value, rewrite, 0)


def _apply(value: Any, rewrite: FetchRewrite, depth: int) -> None:
    if isinstance(value, list):
        for item in value:
            _apply(item, rewrite, depth)
        return
    if not isinstance(value, dict):
        return
    step = rewrite.path[depth]
    last = depth + 1 == len(rewrite.path)
    match step:
        case TypeCondition(type_name=type_name):
            if value.get("__typename") in (None, type_name) and not last:
                _apply(value, rewrite, depth + 1)
        case Key(name=key) if not last:
            if key in value:
                _apply(value[key], rewrite, depth + 1)
        case Key(name=key):
            match rewrite:
                case ValueSetter(set_value=set_value):
                    value[key] = set_value
                case KeyRenamer(rename_key_to=rename_key_to):
                    if key in value:
                        value[rename_key_to] = value.pop(key)
                case _:
                    assert_never(rewrite)
        case _:
            assert_never(step)
