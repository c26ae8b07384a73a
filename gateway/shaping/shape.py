"""The compiled form of a client selection: what shaping walks instead of the schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

__all__ = ["FieldKind", "FieldShape", "ObjectShape"]


class FieldKind(Enum):
    """How a field's value is built."""

    TYPENAME = "typename"  # `__typename`: from the object's fetched `__typename` or its static type
    LEAF = "leaf"  # scalar or enum: copied as the subgraph serialised it
    COMPOSITE = "composite"  # object, interface or union: shaped by `sub`
    PASSTHROUGH = "passthrough"  # answered by the gateway itself (introspection): copied whole


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


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectShape:
    """The fields to build for an object of static type `type_name`.

    For an object type `fields` is all there is.  For an abstract type the fetched `__typename`
    picks `by_type[typename]`; `fields` (what applies to every possible type) is the fallback
    when `__typename` is missing or unknown.
    """

    type_name: str
    abstract: bool
    fields: tuple[FieldShape, ...]
    by_type: Mapping[str, tuple[FieldShape, ...]]
