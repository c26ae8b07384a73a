"""Entity representations: built from merged objects per `requires`, deduplicated in order."""

from __future__ import annotations

from typing import Any

import orjson

from gateway.execution.paths import Located
from gateway.plan.nodes import RequiresField, RequiresInlineFragment, RequiresSelection

__all__ = ["Representations", "collect_representations", "select_requires"]


class Representations:
    """Distinct representations in order of first occurrence, and the objects each came from."""

    __slots__ = ("origins", "values")

    def __init__(self) -> None:
        self.values: list[dict[str, Any]] = []
        self.origins: list[list[Located]] = []


def collect_representations(
    located: list[Located],
    requires: tuple[RequiresSelection, ...],
    rewrite: Any = None,
) -> Representations:
    """One representation per object (skipping those missing `__typename` or a key field).

    `rewrite`, when given, is applied to each representation before deduplication (input rewrites).
    """
    reps = Representations()
    index_of: dict[bytes, int] = {}
    for obj, where in located:
        rep = select_requires(obj, requires)
        if rep is None or "__typename" not in rep:
            continue
        if rewrite is not None:
            rewrite(rep)
        # Sorted keys: two objects holding the same fields in another order are one entity.
        fingerprint = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
        index = index_of.get(fingerprint)
        if index is None:
            index_of[fingerprint] = len(reps.values)
            reps.values.append(rep)
            reps.origins.append([(obj, where)])
        else:
            reps.origins[index].append((obj, where))
    return reps


def select_requires(
    obj: dict[str, Any], selections: tuple[RequiresSelection, ...]
) -> dict[str, Any] | None:
    """The part of `obj` named by `selections`, or None when a required field is missing."""
    out: dict[str, Any] = {}
    if not _select_into(obj, selections, out):
        return None
    return out


def _select_into(
    obj: dict[str, Any], selections: tuple[RequiresSelection, ...], out: dict[str, Any]
) -> bool:
    for selection in selections:
        match selection:
            case RequiresField(name=name, selections=subs):
                if name not in obj:
                    return False
                value = obj[name]
                if subs and value is not None:
                    value = _select_value(value, subs)
                    if value is _MISSING:
                        return False
                out[name] = value
            case RequiresInlineFragment(type_condition=condition, selections=subs):
                typename = obj.get("__typename")
                if (typename is None or typename == condition) and not _select_into(obj, subs, out):
                    return False
    return True


_MISSING: Any = object()


def _select_value(value: Any, subs: tuple[RequiresSelection, ...]) -> Any:
    if isinstance(value, list):
        items = []
        for item in value:
            selected = _select_value(item, subs) if item is not None else None
            if selected is _MISSING:
                return _MISSING
            items.append(selected)
        return items
    if isinstance(value, dict):
        nested: dict[str, Any] = {}
        return nested if _select_into(value, subs, nested) else _MISSING
    return value
