"""Apollo's fetch rewrites: `ValueSetter` and `KeyRenamer` applied along a path of an object."""

from __future__ import annotations

from typing import Any, assert_never

from gateway.plan.nodes import FetchRewrite

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
    if step.startswith("... on "):
        if value.get("__typename") in (None, step[7:]) and depth + 1 < len(rewrite.path):
            _apply(value, rewrite, depth + 1)
        return
    if depth + 1 < len(rewrite.path):
        if step in value:
            _apply(value[step], rewrite, depth + 1)
        return
    match rewrite.kind:
        case "ValueSetter":
            value[step] = rewrite.set_value
        case "KeyRenamer":
            if step in value and rewrite.rename_key_to is not None:
                value[rewrite.rename_key_to] = value.pop(step)
        case _:
            assert_never(rewrite.kind)
