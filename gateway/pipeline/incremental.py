"""Incremental delivery of `@defer`: the primary payload, then one payload per deferred part.

The plan's `Defer` node runs a part at a time (`gateway.execution.execute_incremental`); this
module shapes each part for the client.  The primary is shaped with the operation minus its
active deferred fragments; a deferred part, for every object its fragment applies to, with the
fragment's own selection (nested deferred fragments left out), null bubbling stopping at the
fragment.  Objects are found in what the client has been sent so far, so a part never
addresses an object that bubbled to null or that a parent part has not delivered yet.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
    is_abstract_type,
)

from gateway.execution import DeferredResult
from gateway.execution.merge import deep_merge
from gateway.formatted_error import GraphQLFormattedError
from gateway.operation.defer import DeferredFragment, deferred_fragments
from gateway.plan import DeferNode, DeferredNode
from gateway.shaping import ObjectShape, compile_fragment_shape, compile_shape, shape_response

__all__ = ["DeferDelivery", "compile_delivery", "payloads", "split_errors"]

_Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeferDelivery:
    """The compiled shapes of a deferred operation for one combination of variable values."""

    primary: ObjectShape
    fragments: tuple[DeferredFragment, ...]
    shapes: tuple[ObjectShape, ...]


def compile_delivery(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, Any],
    values: Mapping[str, Any],
    defer: DeferNode,
) -> DeferDelivery | None:
    """The shapes for these values; None when the plan's parts do not match the operation's
    deferred fragments (the plan was made from a document authorization changed)."""
    found = deferred_fragments(operation, fragments, values)
    planned = list(_planned(defer.deferred))
    if sorted(part.index for part in planned) != list(range(len(found))) or any(
        found[part.index].label != part.label for part in planned
    ):
        return None
    excluded = frozenset(id(fragment.directive) for fragment in found)
    primary = compile_shape(schema, operation, fragments, values, excluded)
    shapes = tuple(
        compile_fragment_shape(
            schema,
            _static_type(schema, operation, fragment),
            fragment.selection_set,
            fragments,
            values,
            excluded,
        )
        for fragment in found
    )
    return DeferDelivery(primary=primary, fragments=found, shapes=shapes)


def split_errors(
    delivery: DeferDelivery, errors: Sequence[GraphQLFormattedError]
) -> tuple[list[GraphQLFormattedError], dict[int, list[GraphQLFormattedError]]]:
    """Errors known before execution (authorization's), split between the primary payload and
    the deferred fragments whose fields they are about (by fragment index)."""
    primary: list[GraphQLFormattedError] = []
    deferred: dict[int, list[GraphQLFormattedError]] = {}
    for error in errors:
        path = error.get("path")
        keys = tuple(step for step in path or () if isinstance(step, str))
        owner = None
        if keys and not _selects(delivery.primary, keys):
            owner = next(
                (
                    index
                    for index, fragment in enumerate(delivery.fragments)
                    if keys[: len(fragment.path)] == fragment.path
                    and _selects(delivery.shapes[index], keys[len(fragment.path) :])
                ),
                None,
            )
        if owner is None:
            primary.append(error)
        else:
            deferred.setdefault(owner, []).append(error)
    return primary, deferred


def _selects(shape: ObjectShape, keys: Sequence[str]) -> bool:
    """Whether `shape` selects the field at `keys` (response keys, list indexes left out)."""
    current: ObjectShape | None = shape
    for key in keys:
        if current is None:
            return False
        candidates = [*current.fields, *(f for fs in current.by_type.values() for f in fs)]
        found = [f for f in candidates if f.key == key]
        if not found:
            return False
        current = next((f.sub for f in found if f.sub is not None), None)
    return bool(keys)


def _planned(parts: Sequence[DeferredNode]) -> Iterator[DeferredNode]:
    for part in parts:
        yield part
        if isinstance(part.node, DeferNode):
            yield from _planned(part.node.deferred)


def _static_type(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragment: DeferredFragment
) -> str:
    """The type the fragment's fields are selected on, from the fields that lead to it."""
    if fragment.type_condition is not None:
        return fragment.type_condition
    current = schema.get_root_type(operation.operation)
    assert current is not None
    named: Any = current
    for condition, name in fragment.steps:
        parent: Any = schema.get_type(condition) if condition is not None else named
        field = parent.fields[name]
        named = get_named_type(field.type)
    return str(named.name)


async def payloads(
    delivery: DeferDelivery,
    schema: GraphQLSchema,
    delivered: dict[str, Any] | None,
    merged: dict[str, Any],
    parts: AsyncIterator[DeferredResult],
    known: Mapping[int, Sequence[GraphQLFormattedError]] | None = None,
) -> AsyncIterator[Mapping[str, Any]]:
    """The subsequent payloads; the last says `hasNext: false`.

    `delivered` is the primary's client data (completed in place as parts arrive), `merged`
    the response tree every part's fetches merge into, `known` the errors of each fragment
    known before execution (`split_errors`).
    """
    sent: dict[str, Any] = delivered if delivered is not None else {}
    waiting: dict[str, Any] | None = None
    async for part in parts:
        items = _items(delivery, schema, sent, merged, part, (known or {}).get(part.index, ()))
        if not items:
            continue
        if waiting is not None:
            yield {**waiting, "hasNext": True}
        waiting = {"incremental": items}
    yield {**(waiting or {}), "hasNext": False}


def _items(
    delivery: DeferDelivery,
    schema: GraphQLSchema,
    sent: dict[str, Any],
    merged: dict[str, Any],
    part: DeferredResult,
    known: Sequence[GraphQLFormattedError] = (),
) -> list[dict[str, Any]]:
    fragment = delivery.fragments[part.index]
    shape = delivery.shapes[part.index]
    items: list[dict[str, Any]] = []
    for path, target in _objects(sent, fragment.path, ()):
        source = _at(merged, path)
        if not isinstance(source, dict) or not _applies(schema, fragment, source):
            continue
        # Known errors under this object, relative to it: the walk writes no null violation
        # where one already stands.
        errors: list[GraphQLFormattedError] = [
            {**error, "path": list(error["path"])[len(path) :]}
            for error in known
            if tuple(error["path"])[: len(path)] == path
        ]
        data = shape_response(source, shape, errors)
        item: dict[str, Any] = {"data": data, "path": list(path)}
        if fragment.label is not None:
            item["label"] = fragment.label
        shaped = [_prefixed(error, path) for error in errors]
        if shaped:
            item["errors"] = shaped
        items.append(item)
        if data is not None:
            deep_merge(target, data)
    _attach(items, fragment, part.errors)
    return items


def _attach(
    items: list[dict[str, Any]],
    fragment: DeferredFragment,
    errors: Sequence[GraphQLFormattedError],
) -> None:
    """Each fetch error goes with the item whose path it falls under (else the first)."""
    for error in errors:
        where = tuple(error.get("path") or ())
        owner = next(
            (i for i in items if tuple(i["path"]) == where[: len(i["path"])]),
            items[0] if items else None,
        )
        if owner is None:
            owner = {"data": None, "path": list(fragment.path)}
            if fragment.label is not None:
                owner["label"] = fragment.label
            items.append(owner)
        owner.setdefault("errors", []).insert(0, error)


def _prefixed(error: GraphQLFormattedError, path: _Path) -> GraphQLFormattedError:
    if "path" not in error:
        return error
    return {**error, "path": [*path, *error["path"]]}


def _objects(
    value: Any, keys: tuple[str, ...], path: _Path
) -> Iterator[tuple[_Path, dict[str, Any]]]:
    """The client objects at `keys` (stepping through lists), each with its concrete path."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _objects(item, keys, (*path, index))
        return
    if not isinstance(value, dict):
        return
    if not keys:
        yield path, value
        return
    yield from _objects(value.get(keys[0]), keys[1:], (*path, keys[0]))


def _at(value: Any, path: _Path) -> Any:
    for step in path:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and step < len(value) else None
        else:
            value = value.get(step) if isinstance(value, dict) else None
    return value


def _applies(schema: GraphQLSchema, fragment: DeferredFragment, source: dict[str, Any]) -> bool:
    """Whether the fragment's type condition holds for the object (by its `__typename`)."""
    condition = fragment.type_condition
    typename = source.get("__typename")
    if condition is None or not isinstance(typename, str) or typename == condition:
        return True
    runtime = schema.get_type(typename)
    named = schema.get_type(condition)
    if not isinstance(runtime, GraphQLObjectType) or named is None:
        return True
    if not is_abstract_type(named):
        return False
    return schema.is_sub_type(named, runtime)  # type: ignore[arg-type]
