"""Plain data (parsed YAML or JSON, environment text) to the config dataclasses, by type hints.

The model's annotations are the schema: `bool`, `int`, `float`, `str`, `X | None`, `Literal`,
`tuple[X, ...]`, `Mapping[str, X]` and nested frozen dataclasses.  Anything else is refused,
with the key path, what the key accepts and what it got.  `to_data` is the way back (for JSON).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import types
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from gateway.config.errors import ConfigError, KeyPath

__all__ = ["convert", "describe", "expectation", "from_text", "hint_of", "optional_of", "to_data"]

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
_NULL = frozenset({"", "null", "none"})


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _is_dataclass(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def optional_of(hint: Any) -> Any | None:
    """`X` for `X | None`; None for any other hint."""
    if get_origin(hint) in (Union, types.UnionType):
        members = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(members) == 1 and len(get_args(hint)) == 2:
            return members[0]
    return None


def hint_of(cls: type, key: str, path: KeyPath) -> Any:
    """The hint of field `key` of dataclass `cls`, or a ConfigError naming the known keys."""
    hints = {f.name: _hints(cls)[f.name] for f in dataclasses.fields(cls)}
    if key in hints:
        return hints[key]
    close = difflib.get_close_matches(key, hints, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    known = ", ".join(sorted(hints))
    raise ConfigError(f"unknown key{guess}; expected one of: {known}", path=(*path, key))


def expectation(hint: Any) -> str:
    """What a key of this type accepts, in words."""
    inner = optional_of(hint)
    if inner is not None:
        return f"{expectation(inner)} or null"
    origin = get_origin(hint)
    if origin is Literal:
        return "one of " + ", ".join(repr(arg) for arg in get_args(hint))
    if _is_dataclass(hint) or origin is Mapping:
        return "a mapping"
    if origin is tuple:
        return "a list"
    names = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
    if hint in names:
        return names[hint]
    raise TypeError(f"the configuration model uses an unsupported type: {hint!r}")


def describe(value: object) -> str:
    """A value as the error message shows it."""
    match value:
        case None:
            return "null"
        case bool():
            return "true" if value else "false"
        case str() | int() | float():
            return repr(value)
        case list() | tuple():
            return "a list"
        case Mapping():
            return "a mapping"
        case _:
            return type(value).__name__


def _refuse(hint: Any, value: object, path: KeyPath) -> ConfigError:
    return ConfigError(f"expected {expectation(hint)}, got {describe(value)}", path=path)


def convert(value: object, hint: Any, path: KeyPath = ()) -> Any:
    """`value` as an instance of `hint`, or a ConfigError for the first key that does not fit."""
    if _is_dataclass(hint):
        return _dataclass(value, hint, path)
    inner = optional_of(hint)
    if inner is not None:
        if value is None:
            return None
        try:
            return convert(value, inner, path)
        except ConfigError as error:
            # Said of this key itself, the refusal should mention that null is allowed too.
            if error.path == path:
                raise _refuse(hint, value, path) from None
            raise
    origin = get_origin(hint)
    if origin is Literal:
        if value in get_args(hint) and type(value) in {type(a) for a in get_args(hint)}:
            return value
        raise _refuse(hint, value, path)
    if origin is tuple:
        return _tuple(value, hint, path)
    if origin is Mapping:
        return _mapping(value, hint, path)
    if hint is bool and isinstance(value, bool):
        return value
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint is str and isinstance(value, str):
        return value
    raise _refuse(hint, value, path)


def _dataclass(value: object, cls: type, path: KeyPath) -> Any:
    # An empty section (`limits:` with everything under it commented out) means the defaults.
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise _refuse(cls, value, path)
    kwargs: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise ConfigError(f"keys must be strings, got {describe(key)}", path=path)
        kwargs[key] = convert(item, hint_of(cls, key, path), (*path, key))
    for field in dataclasses.fields(cls):
        missing = field.default is dataclasses.MISSING
        if missing and field.default_factory is dataclasses.MISSING and field.name not in kwargs:
            hint = _hints(cls)[field.name]
            raise ConfigError(f"required: {expectation(hint)}", path=(*path, field.name))
    return cls(**kwargs)


def _tuple(value: object, hint: Any, path: KeyPath) -> tuple[Any, ...]:
    args = get_args(hint)
    if len(args) != 2 or args[1] is not Ellipsis:
        raise TypeError(f"the configuration model uses an unsupported tuple: {hint!r}")
    if not isinstance(value, list | tuple):
        raise _refuse(hint, value, path)
    return tuple(convert(item, args[0], (*path, i)) for i, item in enumerate(value))


def _mapping(value: object, hint: Any, path: KeyPath) -> Mapping[str, Any]:
    key_hint, value_hint = get_args(hint)
    assert key_hint is str, hint
    if not isinstance(value, Mapping):
        raise _refuse(hint, value, path)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise ConfigError(f"keys must be strings, got {describe(key)}", path=path)
        out[key] = convert(item, value_hint, (*path, key))
    return MappingProxyType(out)


def from_text(text: str, hint: Any, path: KeyPath) -> Any:
    """An environment variable's text as plain data for `hint` (then checked by `convert`).

    Scalars are read as such; lists are comma-separated or JSON; mappings are JSON or
    `name=value` pairs separated by commas; a section or a list of rules is JSON.
    """
    stripped = text.strip()
    inner = optional_of(hint)
    if inner is not None:
        return None if stripped.lower() in _NULL else from_text(text, inner, path)
    origin = get_origin(hint)
    if _is_dataclass(hint):
        return _json(stripped, path)
    if origin is tuple:
        item = get_args(hint)[0]
        if stripped.startswith("[") or not _scalar(item):
            return _json(stripped, path)
        return [from_text(part, item, (*path, i)) for i, part in enumerate(_split(stripped))]
    if origin is Mapping:
        if stripped.startswith("{"):
            return _json(stripped, path)
        value_hint = get_args(hint)[1]
        pairs: dict[str, Any] = {}
        for part in _split(stripped):
            name, equals, item = part.partition("=")
            if not equals or not name.strip():
                raise ConfigError(f"expected JSON or name=value pairs, got {part!r}", path=path)
            pairs[name.strip()] = from_text(item.strip(), value_hint, (*path, name.strip()))
        return pairs
    if hint is bool:
        if stripped.lower() in _TRUE | _FALSE:
            return stripped.lower() in _TRUE
        raise _refuse(hint, text, path)
    if hint is int or hint is float:
        try:
            return int(stripped) if hint is int else float(stripped)
        except ValueError:
            raise _refuse(hint, text, path) from None
    return stripped if origin is Literal else text


def _scalar(hint: Any) -> bool:
    return hint in (bool, int, float, str) or get_origin(hint) is Literal


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _json(text: str, path: KeyPath) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problem = f"expected JSON ({error.msg} at column {error.colno})"
        raise ConfigError(problem, path=path) from None


def to_data(value: object) -> Any:
    """A configuration (or part of one) as JSON-ready data that `convert` reads back."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value
