"""The compiled form of a client selection: what shaping walks instead of the schema."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any, TypeAlias

__all__ = ["SCALAR_CHECKS", "Entry", "FieldKind", "FieldShape", "ObjectShape", "WalkMode"]

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and INT_MIN <= value <= INT_MAX


def _is_float(value: Any) -> bool:
    # JSON has no NaN or Infinity (orjson refuses them), so any number is a Float.
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool)


def _is_id(value: Any) -> bool:
    # As Apollo's router: a string or an integer of any size, passed on as the subgraph sent it.
    return isinstance(value, str | int) and not isinstance(value, bool)


# Exact types all of whose values a built-in scalar serialises (an Int's range needs `check`).
_CLEAN_TYPES: Mapping[str, frozenset[type]] = {
    "Float": frozenset({float, int}),
    "String": frozenset({str}),
    "Boolean": frozenset({bool}),
    "ID": frozenset({str, int}),
}

# Whether a (non-null) value a subgraph sent is one the built-in scalar can serialise.  Custom
# scalars have no check: any JSON value is theirs.  Enums are checked against their values.
SCALAR_CHECKS: Mapping[str, Callable[[Any], bool]] = {
    "Int": _is_int,
    "Float": _is_float,
    "String": _is_string,
    "Boolean": _is_boolean,
    "ID": _is_id,
}


class FieldKind(Enum):
    """How a field's value is built."""

    TYPENAME = "typename"  # `__typename`: from the object's fetched `__typename` or its static type
    LEAF = "leaf"  # scalar or enum: copied as the subgraph serialised it, once checked
    COMPOSITE = "composite"  # object, interface or union: shaped by `sub`
    PASSTHROUGH = "passthrough"  # answered by the gateway itself (introspection): copied whole


class WalkMode(IntEnum):
    """What the shaping walk does for a field, decided once when the shape is compiled."""

    LEAF = 0  # nullable custom scalar, not a list: any JSON value
    LEAF_NON_NULL = 1
    TYPENAME = 2
    PASSTHROUGH = 3
    OBJECT = 4  # nullable composite, not a list
    OBJECT_NON_NULL = 5
    LIST = 6  # any list: item by item
    ENUM = 7  # an enum, not a list: the value must be one the API schema shows
    SCALAR = 8  # nullable built-in scalar but Int, not a list: a value it serialises
    SCALAR_NON_NULL = 9
    INT = 10  # nullable Int, not a list: an int (not a bool) of 32 bits
    INT_NON_NULL = 11


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
    # The field's named type (for error messages); a built-in scalar's name also picks `check`.
    named: str | None = None
    # For built-in scalars: whether a non-null value is one the scalar can serialise, and the
    # exact types whose every value can (`check` need not be called for them).
    check: Callable[[Any], bool] | None = field(init=False, repr=False, compare=False)
    clean: frozenset[type] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check = None
        if self.kind is FieldKind.LEAF and self.enum_values is None and self.named is not None:
            check = SCALAR_CHECKS.get(self.named)
        object.__setattr__(self, "check", check)
        object.__setattr__(self, "clean", _CLEAN_TYPES.get(self.named or "", frozenset()))

    def type_at(self, depth: int) -> str:
        """The field's type from list level `depth` inwards, as GraphQL writes it (`[Int!]!`)."""
        flags = self.non_null
        text = (self.named or "?") + ("!" if flags[-1] else "")
        for level in range(len(flags) - 2, depth - 1, -1):
            text = f"[{text}]" + ("!" if flags[level] else "")
        return text

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
        if self.check is not None:
            if self.named == "Int":
                return WalkMode.INT_NON_NULL if self.non_null[0] else WalkMode.INT
            return WalkMode.SCALAR_NON_NULL if self.non_null[0] else WalkMode.SCALAR
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
