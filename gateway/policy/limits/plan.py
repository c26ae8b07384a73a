"""A compiled cost estimate: the part known from the document folded into numbers, the part
that depends on variable values kept as small terms evaluated per request.

Only these depend on variables: a slicing argument given as a variable, an argument value
that is (or contains) a variable, and `@skip`/`@include(if: $var)`. A field whose subtree has
none of them is folded into its parent's `constant` when compiled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CostPlan",
    "FieldTerm",
    "Gate",
    "GatedPlan",
    "InputPosition",
    "InputTable",
    "Size",
    "SlicedSize",
    "SlicingRefused",
    "VariableArgument",
    "VariableSlice",
    "evaluate",
    "score_value",
]


class SlicingRefused(Exception):
    """A `@listSize(requireOneSlicingArgument: true)` field without exactly one slicing value."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True, kw_only=True)
class InputPosition:
    """Where a value is given: its own `@cost` weight (or its type's) and its named type."""

    weight: float | None
    type_name: str


# Input object type name -> its fields' positions (absent: the type is not an input object).
InputTable = Mapping[str, Mapping[str, InputPosition]]


@dataclass(frozen=True, slots=True, kw_only=True)
class VariableSlice:
    """A slicing value read from a variable: `variables[variable]` walked down `rest`."""

    variable: str
    rest: tuple[str, ...]
    # The argument's schema default at that path, used when the variable gives no number.
    fallback: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlicedSize:
    """A field's `@listSize` size that depends on variables."""

    coordinate: str
    arguments: tuple[str, ...]
    values: tuple[int | VariableSlice | None, ...]
    assumed_size: int | None
    require_one: bool

    def evaluate(self, variables: Mapping[str, Any]) -> int | None:
        found = [
            value
            for value in (_slice_value(v, variables) for v in self.values)
            if value is not None
        ]
        return expected_size(
            self.coordinate, self.arguments, found, self.assumed_size, self.require_one
        )


# A list size: a number, none (no estimate: the next rule applies), or one read per request.
Size = int | None | SlicedSize


def expected_size(
    coordinate: str,
    arguments: tuple[str, ...],
    found: list[int],
    assumed_size: int | None,
    require_one: bool,
) -> int | None:
    """The largest slicing value, else `assumedSize` (IBM cost spec, as Apollo applies it)."""
    if arguments and require_one and len(found) != 1:
        listed = ", ".join(arguments)
        raise SlicingRefused(
            f"{coordinate} needs exactly one of its slicing arguments ({listed}) to estimate "
            f"the operation's cost; the operation gives {len(found)}."
        )
    return max(found) if found else assumed_size


@dataclass(frozen=True, slots=True, kw_only=True)
class Gate:
    """`@skip(if: $v)` / `@include(if: $v)` on a selection: it counts only when open."""

    skip: tuple[str, ...] = ()
    include: tuple[str, ...] = ()

    def open(self, variables: Mapping[str, Any]) -> bool:
        return not any(variables.get(name) is True for name in self.skip) and all(
            variables.get(name) is True for name in self.include
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VariableArgument:
    variable: str
    position: InputPosition


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTerm:
    """count * (weight + children) + arguments + requires, for one field of the operation."""

    coordinate: str
    is_list: bool
    # The size the parent's `@listSize(sizedFields:)` gives this field, and its own.
    upstream: Size
    own: Size
    default_size: int
    weight: float
    children: CostPlan
    arguments: float
    variables: tuple[VariableArgument, ...]
    requires: float
    gate: Gate | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GatedPlan:
    """A fragment under `@skip`/`@include` with a variable condition."""

    gate: Gate
    plan: CostPlan


@dataclass(frozen=True, slots=True, kw_only=True)
class CostPlan:
    constant: float = 0.0
    terms: tuple[FieldTerm | GatedPlan, ...] = ()


def evaluate(plan: CostPlan, variables: Mapping[str, Any], inputs: InputTable) -> float:
    """The plan's cost for these (coerced) variables; raises `SlicingRefused`."""
    total = plan.constant
    for term in plan.terms:
        if isinstance(term, GatedPlan):
            if term.gate.open(variables):
                total += evaluate(term.plan, variables, inputs)
        else:
            total += _field(term, variables, inputs)
    return total


def _field(term: FieldTerm, variables: Mapping[str, Any], inputs: InputTable) -> float:
    if term.gate is not None and not term.gate.open(variables):
        return 0.0
    # Evaluated even for a field that is not a list: its slicing arguments are checked.
    own = _size(term.own, variables)
    count = 1
    if term.is_list:
        upstream = _size(term.upstream, variables)
        count = upstream if upstream is not None else own if own is not None else term.default_size
    inner = term.weight + evaluate(term.children, variables, inputs)
    arguments = term.arguments
    for argument in term.variables:
        arguments += score_value(variables.get(argument.variable), argument.position, inputs)
    return max(count, 0) * inner + arguments + term.requires


def _size(size: Size, variables: Mapping[str, Any]) -> int | None:
    if isinstance(size, SlicedSize):
        return size.evaluate(variables)
    return size


def _slice_value(value: int | VariableSlice | None, variables: Mapping[str, Any]) -> int | None:
    if not isinstance(value, VariableSlice):
        return value
    found: Any = variables.get(value.variable)
    for key in value.rest:
        found = found.get(key) if isinstance(found, Mapping) else None
    return slice_number(found, value.fallback)


def slice_number(value: Any, fallback: int | None) -> int | None:
    """A slicing value: an integer, or a list's length (`ids: [ID!]`); else `fallback`."""
    if isinstance(value, bool):
        return fallback
    if isinstance(value, int):
        return value
    if isinstance(value, list | tuple):
        return len(value)
    return fallback


def score_value(value: Any, position: InputPosition, inputs: InputTable) -> float:
    """An argument value's cost: input objects weigh 1 (or their `@cost`) plus their fields,
    lists their items plus their own `@cost`, other values their `@cost`; null costs nothing."""
    total = 0.0
    stack: list[tuple[Any, InputPosition]] = [(value, position)]
    while stack:
        item, where = stack.pop()
        if item is None:
            continue
        fields = inputs.get(where.type_name)
        if isinstance(item, Mapping) and fields is not None:
            total += 1.0 if where.weight is None else where.weight
            stack.extend((v, fields[k]) for k, v in item.items() if k in fields)
        elif isinstance(item, list | tuple):
            total += where.weight or 0.0
            stack.extend((v, where) for v in item)
        else:
            total += where.weight or 0.0
    return total
