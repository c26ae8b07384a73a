"""The compiled form of a client selection: what shaping walks instead of the schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any, TypeAlias

__all__ = ["Entry", "FieldKind", "FieldShape", "ObjectShape", "WalkMode"]


class FieldKind(Enum):
    """How a field's value is built."""

    TYPENAME = "typename"  # `__typename`: from the object's fetched `__typename` or its static type
    LEAF = "leaf"  # scalar or enum: copied as the subgraph serialised it
    COMPOSITE = "composite"  # object, interface or union: shaped by `sub`
    PASSTHROUGH = "passthrough"  # answered by the gateway itself (introspection): copied whole


class WalkMode(IntEnum):
    """What the shaping walk does for a field, decided once when the shape is compiled."""

    LEAF = 0  # nullable scalar or enum, not a list
    LEAF_NON_NULL = 1
    TYPENAME = 2
    PASSTHROUGH = 3
    OBJECT = 4  # nullable composite, not a list
    OBJECT_NON_NULL = 5
    LIST = 6  # any list: item by item
    ENUM = 7  # an enum, not a list: the value must be one the API schema shows


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldShape:
    """One response key of an object.

    `non_null` has one flag per level, outermost first: `[User!]!` is (True, True), `User` is
    (False,), `[[Int]!]` is (False, True, False); levels after the first are list items.
    """

    key: str
    name: str
    parent_type: str
    kind: FieldKind
    non_null: tuple[bool, ...]
    sub: ObjectShape | None = None
    # For enums: the values the API schema shows (an @inaccessible value must never leak).
    enum_name: str | None = None
    enum_values: frozenset[str] | None = None

    @property
    def mode(self) -> WalkMode:
        if self.kind is FieldKind.TYPENAME:
            return WalkMode.TYPENAME
        if self.kind is FieldKind.PASSTHROUGH:
            return WalkMode.PASSTHROUGH
        if len(self.non_null) > 1:
            return WalkMode.LIST
        if self.enum_values is not None:
            return WalkMode.ENUM
        if self.kind is FieldKind.LEAF:
            return WalkMode.LEAF_NON_NULL if self.non_null[0] else WalkMode.LEAF
        return WalkMode.OBJECT_NON_NULL if self.non_null[0] else WalkMode.OBJECT


# (response key, walk mode, field): unpacked by the walk, cheaper than attribute reads.
Entry: TypeAlias = tuple[str, int, FieldShape]


def _entries(fields: tuple[FieldShape, ...]) -> tuple[Entry, ...]:
    return tuple((f.key, int(f.mode), f) for f in fields)


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectShape:
    """The fields to build for an object of static type `type_name`.

    For an object type `fields` is all there is.  For an abstract type the fetched `__typename`
    picks `by_type[typename]`; `fields` (what applies to every possible type) is the fallback
    when `__typename` is missing or names an abstract type (an `@interfaceObject` subgraph
    answers with the interface's name).  Any other `__typename` is a type the API schema hides.
    """

    type_name: str
    abstract: bool
    fields: tuple[FieldShape, ...]
    by_type: Mapping[str, tuple[FieldShape, ...]]
    abstract_names: frozenset[str] = frozenset()
    entries: tuple[Entry, ...] = field(init=False, repr=False, compare=False)
    entries_by_type: Mapping[str, tuple[Entry, ...]] = field(init=False, repr=False, compare=False)
    # The generated fast-path function (`gateway.shaping.fast`), once made.
    fast: list[Any] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", _entries(self.fields))
        by_type = {name: _entries(fields) for name, fields in self.by_type.items()}
        object.__setattr__(self, "entries_by_type", by_type)
