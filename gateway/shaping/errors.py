"""The errors shaping writes, each at the response path of the value it is about.

    value errors: a subgraph's value the API schema cannot show; the value becomes null
    (then null bubbling), extensions.code RESPONSE_VALIDATION_FAILED and, when the plan
    tells which fetch selected the path, extensions.serviceName:
        invalid value       the value does not fit the field's type: not a list where a list is
                            expected, not an object where a composite is, a leaf that is not
                            what its built-in scalar serialises (an Int out of 32 bits, say)
        hidden enum value   an enum value the API schema does not show (@inaccessible)
        hidden type         an object whose __typename the API schema does not show
    null violations (no code, worded as graphql-js words them):
        Cannot return null for non-nullable field T.f.

Values themselves are never echoed: one the schema hides must not leak through a message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gateway.formatted_error import GraphQLFormattedError
from gateway.shaping.shape import FieldShape

__all__ = [
    "RESPONSE_VALIDATION_FAILED",
    "ServiceAt",
    "hidden_enum_value",
    "hidden_type",
    "invalid_value",
    "null_violation",
]

RESPONSE_VALIDATION_FAILED = "RESPONSE_VALIDATION_FAILED"

# The name of the subgraph whose fetch put the value at a response path there, if known; asked
# only when an error needs it (the request pipeline answers from the plan).
ServiceAt = Callable[[Sequence[str | int]], "str | None"]


def invalid_value(
    field: FieldShape, depth: int, path: list[Any], value: Any, service: str | None
) -> GraphQLFormattedError:
    """`value`, at list level `depth` of `field`, does not fit the type there."""
    where = f"{field.parent_type}.{field.name}"
    who = f"Subgraph '{service}'" if service else "A subgraph"
    message = (
        f"{who} returned an invalid value for {where}: "
        f"expected {field.type_at(depth)}, got {_kind(value)}."
    )
    return _value_error(message, path, service)


def hidden_enum_value(
    field: FieldShape, path: list[Any], service: str | None
) -> GraphQLFormattedError:
    where = f"{field.parent_type}.{field.name}"
    message = f'Enum "{field.enum_name}" cannot represent the value of {where}.'
    return _value_error(message, path, service)


def hidden_type(type_name: str, path: list[Any], service: str | None) -> GraphQLFormattedError:
    message = f'Abstract type "{type_name}" resolved to a type not in the schema.'
    return _value_error(message, path, service)


def null_violation(field: FieldShape, path: tuple[Any, ...]) -> GraphQLFormattedError:
    message = f"Cannot return null for non-nullable field {field.parent_type}.{field.name}."
    return {"message": message, "path": list(path)}


def _value_error(message: str, path: list[Any], service: str | None) -> GraphQLFormattedError:
    extensions: dict[str, Any] = {"code": RESPONSE_VALIDATION_FAILED}
    if service:
        extensions["serviceName"] = service
    return {"message": message, "path": list(path), "extensions": extensions}


def _kind(value: Any) -> str:
    """What the value is, in JSON's words (never the value itself)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer" if -(2**31) <= value < 2**31 else "an integer outside 32 bits"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a value JSON cannot hold"
