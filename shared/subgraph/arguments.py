"""Arguments a client got wrong are BAD_USER_INPUT naming the argument, whatever their type.

Strawberry's `DateTime` and `Time` scalars raise while graphql-core coerces the request's
arguments, before any resolver runs: the whole subgraph operation then fails (for an
`_entities` fetch, every entity in it), with a coercion message and no argument named, and the
gateway reports a non-null field it could not fill. Here the two scalars keep the same names,
descriptions and output, but a value they cannot read becomes `Unparsed`, and the resolver's
validation turns it into BAD_USER_INPUT for that field only, with `extensions.argument`
naming the argument (`from`, `input.start`, `rules[0].startTime`).

Every check that refuses an argument says which in `extensions.argument` (a path of GraphQL
names: `first`, `input.comment`, `rules[0].startTime`) and nothing else there, and its message
starts with that same path (`input.comment must not be empty`); `bad_argument` builds that
error in every subgraph.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.schema.types.base_scalars import (
    DateTimeDefinition,
    DecimalDefinition,
    TimeDefinition,
)
from strawberry.types.scalar import ScalarDefinition

from shared.errors import BadUserInput

__all__ = [
    "SCALAR_OVERRIDES",
    "Unparsed",
    "bad_argument",
    "parsed",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Unparsed:
    """An argument value its scalar could not read, kept for the resolver to report."""

    scalar: str
    value: object
    reason: str


def bad_argument(argument: str, message: str) -> BadUserInput:
    """BAD_USER_INPUT about `argument` (a path such as `input.end`): `extensions.argument` is the
    path, and the message starts with it (a message naming only the last part of the path, or
    the path in backticks, is rewritten to; one that names something else gets it in front)."""
    return BadUserInput(_starting_with(argument, message), argument=argument)


def _starting_with(argument: str, message: str) -> str:
    leaf = argument.rsplit(".", 1)[-1]
    for said in (f"`{argument}`", f"`{leaf}`", leaf):
        if said != argument and message.startswith(said) and not message.startswith(argument):
            rest = message[len(said) :]
            if not rest or not (rest[0].isalnum() or rest[0] in "_["):
                message = argument + rest
            break
    if message.startswith(argument) and (
        len(message) == len(argument) or not message[len(argument)].isalnum()
    ):
        return message
    return f"{argument}: {message}"


_EXPECTED: Final = {
    "DateTime": "expected ISO 8601, e.g. 2026-12-01T09:00:00Z",
    "Time": "expected ISO 8601, e.g. 09:30:00",
    "Decimal": 'expected a decimal number, e.g. "45.50"',
}


def parsed(value: T | Unparsed, argument: str) -> T:
    """`value` if its scalar could read it, else BAD_USER_INPUT naming `argument`."""
    if isinstance(value, Unparsed):
        shown = repr(value.value)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        expected = _EXPECTED.get(value.scalar, "expected ISO 8601")
        raise bad_argument(
            argument,
            f"{argument} is not a valid {value.scalar}: {shown} ({value.reason}); {expected}",
        )
    return value


def _lenient(strict: ScalarDefinition) -> Callable[[object], object]:
    """Strawberry's own parser for the scalar, with a failure kept as Unparsed."""
    parse = strict.parse_value
    assert parse is not None

    def read(value: object) -> object:
        if not isinstance(value, str):
            return Unparsed(strict.name, value, "not a string")
        try:
            return parse(value)
        except (StrawberryInputCoercionError, ValueError, OverflowError) as exc:
            reason = str(exc).split(". ", 1)[-1] if ". " in str(exc) else str(exc)
            return Unparsed(strict.name, value, reason.rstrip(".") or "unreadable")

    return read


def _read_decimal(value: object) -> object:
    """An exact decimal from a string or a JSON number (read through its shortest text)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return Unparsed("Decimal", value, "not a number or a string")
    try:
        read = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        return Unparsed("Decimal", value, "not a decimal number")
    if not read.is_finite():
        return Unparsed("Decimal", value, "not a finite number")
    return read


def _isoformat(value: Any) -> str:
    text: str = value.isoformat()
    return text


# Name and description as Strawberry's own, so the SDL is unchanged; only a value that cannot
# be read is handled differently (Unparsed instead of a coercion error).
_DATETIME = ScalarDefinition(
    name=DateTimeDefinition.name,
    description=DateTimeDefinition.description,
    specified_by_url=None,
    serialize=_isoformat,
    parse_value=_lenient(DateTimeDefinition),
    parse_literal=None,
    origin=dt.datetime,
)
_TIME = ScalarDefinition(
    name=TimeDefinition.name,
    description=TimeDefinition.description,
    specified_by_url=None,
    serialize=_isoformat,
    parse_value=_lenient(TimeDefinition),
    parse_literal=None,
    origin=dt.time,
)

# Money travels as `Decimal` (a string on output, never a float): exact amounts.
_DECIMAL = ScalarDefinition(
    name=DecimalDefinition.name,
    description=DecimalDefinition.description,
    specified_by_url=None,
    serialize=str,
    parse_value=_read_decimal,
    parse_literal=None,
    origin=decimal.Decimal,
)

SCALAR_OVERRIDES: Final[dict[object, ScalarDefinition]] = {
    dt.datetime: _DATETIME,
    dt.time: _TIME,
    decimal.Decimal: _DECIMAL,
}
