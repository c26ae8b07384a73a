"""Entity representations: built from merged objects per `requires`, deduplicated in order."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter
from typing import Any

import orjson

from gateway.execution.merge import NATIVE
from gateway.plan.nodes import RequiresField, RequiresInlineFragment, RequiresSelection

__all__ = ["Representations", "collect_flat", "collect_representations", "select_requires"]

Selector = Callable[[dict[str, Any]], "dict[str, Any] | None"]


class Representations:
    """Distinct representations in order of first occurrence, and the objects each came from."""

    __slots__ = ("origins", "values")

    def __init__(self) -> None:
        self.values: list[dict[str, Any]] = []
        self.origins: list[list[dict[str, Any]]] = []


def collect_representations(
    objects: list[dict[str, Any]],
    requires: tuple[RequiresSelection, ...],
    rewrite: Callable[[dict[str, Any]], None] | None = None,
) -> Representations:
    """One representation per object (skipping those missing `__typename` or a key field).

    `rewrite`, when given, is applied to each representation before deduplication (input rewrites).
    """
    flat = _flat_key_of(requires)
    if flat is not None and rewrite is None:
        if NATIVE is not None:  # the same in C (`_cdata.c`), unless a key holds an object
            found = NATIVE.collect_flat(objects, flat[0], flat[1])
            if found is not None:
                reps = Representations()
                reps.values, reps.origins = found
                return reps
        return collect_flat(objects, *flat)
    select = _selector(requires)
    reps = Representations()
    index_of: dict[Any, int] = {}
    values, origins = reps.values, reps.origins
    for obj in objects:
        rep = select(obj)
        if rep is None or "__typename" not in rep:
            continue
        if rewrite is not None:
            rewrite(rep)
        # A representation of scalars is its own fingerprint (its keys come in the order of
        # `requires`); one holding objects or lists is compared as JSON with sorted keys.
        fingerprint: Any = tuple(rep.items())
        try:
            index = index_of.get(fingerprint)
        except TypeError:
            fingerprint = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
            index = index_of.get(fingerprint)
        if index is None:
            index_of[fingerprint] = len(values)
            values.append(rep)
            origins.append([obj])
        else:
            origins[index].append(obj)
    return reps


def collect_flat(
    objects: list[dict[str, Any]], condition: str, keys: tuple[str, ...]
) -> Representations:
    """The usual case, `... on T { __typename id }`: the key values are the fingerprint, and a
    representation dict is built only for the first object of each entity."""
    reps = Representations()
    index_of: dict[Any, int] = {}
    values, origins = reps.values, reps.origins
    # One C call reads every key field (a tuple; KeyError when one is missing).
    read = _reader(keys)
    for obj in objects:
        typename = obj.get("__typename")
        if typename is not None and typename != condition:
            continue
        try:
            fingerprint = read(obj)
        except KeyError:
            continue
        count = len(values)
        try:
            index = index_of.setdefault(fingerprint, count)
        except TypeError:  # a key field holding an object or a list
            index = index_of.setdefault(
                orjson.dumps(fingerprint, option=orjson.OPT_SORT_KEYS), count
            )
        if index == count:
            values.append(dict(zip(keys, fingerprint, strict=True)))
            origins.append([obj])
        else:
            origins[index].append(obj)
    return reps


@lru_cache(maxsize=4096)
def _reader(keys: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    getter = itemgetter(*keys)
    if len(keys) > 1:
        return getter
    return lambda obj: (getter(obj),)


# `_flat_key` by the identity of `requires` (a plan's tuple, asked once per entity fetch): an
# lru_cache would hash the whole selection, nested dataclasses and all, on every call.
_FlatKey = tuple[str, tuple[str, ...]] | None
_FLAT_BY_ID: dict[int, tuple[tuple[RequiresSelection, ...], _FlatKey]] = {}


def _flat_key_of(requires: tuple[RequiresSelection, ...]) -> _FlatKey:
    hit = _FLAT_BY_ID.get(id(requires))
    if hit is not None and hit[0] is requires:
        return hit[1]
    flat = _flat_key(requires)
    if len(_FLAT_BY_ID) >= 4096:
        _FLAT_BY_ID.clear()
    _FLAT_BY_ID[id(requires)] = (requires, flat)  # keeps `requires` alive: its id stays its own
    return flat


def _flat_key(requires: tuple[RequiresSelection, ...]) -> tuple[str, tuple[str, ...]] | None:
    """(type condition, field names) when `requires` is one fragment of plain fields."""
    match requires:
        case (RequiresInlineFragment(type_condition=condition, selections=subs),) if all(
            isinstance(s, RequiresField) and not s.selections and not s.optional for s in subs
        ):
            keys = tuple(s.name for s in subs if isinstance(s, RequiresField))
            return (condition, keys) if "__typename" in keys else None
        case _:
            return None


@lru_cache(maxsize=4096)
def _selector(requires: tuple[RequiresSelection, ...]) -> Selector:
    """A function building one representation from an object.

    The usual key (`... on T { __typename id }`, see `_flat_key`) gets a closure without
    recursion.
    """
    flat = _flat_key_of(requires)
    if flat is None:

        def select_any(obj: dict[str, Any]) -> dict[str, Any] | None:
            return select_requires(obj, requires)

        return select_any
    condition, keys = flat

    def select_flat(obj: dict[str, Any]) -> dict[str, Any] | None:
        typename = obj.get("__typename")
        if typename is not None and typename != condition:
            return None
        try:
            return {key: obj[key] for key in keys}
        except KeyError:
            return None

    return select_flat


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
            case RequiresField(name=name, selections=subs, optional=optional):
                if name not in obj:
                    if optional:
                        continue
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
