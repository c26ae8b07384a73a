"""`load_config`: one YAML file, then `GATEWAY__*` environment overrides, then the command line.

Order of precedence, lowest first: the model's defaults, the file, the environment
(`GATEWAY__LIMITS__MAX_DEPTH=12`: section and field joined by double underscores), explicit
overrides (the command line's flags), and `dev=True` (the `--dev` switch).  Relative paths in
the file are relative to the file's folder; those from the environment to the working directory.
docs/configuration.md lists every key.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml

from gateway.config.checks import check
from gateway.config.convert import convert, describe, from_text, hint_of, optional_of, to_data
from gateway.config.errors import ConfigError, KeyPath
from gateway.config.model import GatewayConfig

__all__ = [
    "ENV_PREFIX",
    "PATH_KEYS",
    "ConfigError",
    "config_from_data",
    "config_to_data",
    "env_name",
    "load_config",
]

ENV_PREFIX = "GATEWAY__"
_SEPARATOR = "__"

# Keys holding file system paths, made absolute when loaded.
PATH_KEYS: tuple[tuple[str, ...], ...] = (
    ("supergraph", "file"),
    ("supergraph", "registry", "cache_file"),
    ("persisted_queries", "safelist_file"),
    ("auth", "jwks_file"),
    ("graphiql", "assets_dir"),
)


def env_name(path: KeyPath) -> str:
    """The variable overriding a key: `limits.max_depth` → `GATEWAY__LIMITS__MAX_DEPTH`."""
    return ENV_PREFIX + _SEPARATOR.join(str(part).upper() for part in path)


def load_config(
    path: Path | None,
    *,
    env: Mapping[str, str] = os.environ,
    dev: bool = False,
    overrides: Mapping[str, object] | None = None,
) -> GatewayConfig:
    """The configuration in `path` (None: the defaults) with `env` and `overrides` applied.

    `overrides` maps dotted keys (`server.port`) to values as the file would hold them.
    Raises `ConfigError` with one line naming the key at fault.
    """
    raw: dict[str, Any] = {}
    if path is not None:
        raw = _read(path)
        _absolute_paths(raw, path.resolve().parent)
    for name, text in sorted(env.items(), key=lambda item: item[0].count(_SEPARATOR)):
        if name.upper().startswith(ENV_PREFIX):
            _apply_env(raw, name, text)
    for dotted, value in (overrides or {}).items():
        keys = tuple(dotted.split("."))
        _validate(value, keys)
        _put(raw, keys, value)
    if dev:
        raw["dev"] = True
    return config_from_data(raw)


def config_from_data(data: object) -> GatewayConfig:
    """A configuration from plain data (a parsed file, or `config_to_data`'s JSON), checked."""
    config = convert(data, GatewayConfig)
    assert isinstance(config, GatewayConfig)
    return check(config)


def config_to_data(config: GatewayConfig) -> dict[str, Any]:
    """JSON-ready data that `config_from_data` turns back into an equal configuration."""
    data: dict[str, Any] = to_data(config)
    return data


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        loaded = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ConfigError(f"{path}: not valid YAML: {problem}{where}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        got = describe(loaded)
        raise ConfigError(f"{path}: expected a mapping of sections at the top, got {got}")
    return loaded


class _StrictLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (YAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _absolute_paths(raw: dict[str, Any], base: Path) -> None:
    for *sections, key in PATH_KEYS:
        values: Any = raw
        for section in sections:
            values = values.get(section) if isinstance(values, dict) else None
        if isinstance(values, dict) and isinstance(values.get(key), str):
            values[key] = str(base / Path(values[key]).expanduser())


def _apply_env(raw: dict[str, Any], name: str, text: str) -> None:
    keys = tuple(part.lower() for part in name[len(ENV_PREFIX) :].split(_SEPARATOR))
    try:
        if not all(keys):
            raise ConfigError("expected GATEWAY__SECTION__FIELD (parts joined by '__')")
        hint = _hint_at(keys)
        value = from_text(text, hint, keys)
        convert(value, hint, keys)
    except ConfigError as error:
        raise ConfigError(f"{name}: {error}") from None
    if keys in PATH_KEYS and isinstance(value, str):
        value = str(Path(value).expanduser().resolve())
    _put(raw, keys, value)


def _validate(value: object, keys: KeyPath) -> None:
    convert(value, _hint_at(keys), keys)


def _hint_at(keys: KeyPath) -> Any:
    """The type of the key at `keys`: dataclass fields by name, then mapping entries by key."""
    hint: Any = GatewayConfig
    for depth, key in enumerate(keys):
        where = keys[:depth]
        # An optional section (`supergraph.registry`) takes its keys one by one too.
        hint = optional_of(hint) or hint
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            hint = hint_of(hint, str(key), where)
        elif get_origin(hint) is Mapping:
            hint = get_args(hint)[1]
        else:
            raise ConfigError("set this whole value (as JSON), not a key inside it", path=where)
    return hint


def _put(raw: dict[str, Any], keys: KeyPath, value: object) -> None:
    node = raw
    for key in keys[:-1]:
        child = node.get(str(key))
        if child is None:
            child = {}
        elif not isinstance(child, Mapping):
            raise ConfigError(f"expected a mapping, got {describe(child)}", path=keys[:-1])
        # A copy: a mapping given whole (JSON) may be shared, and a deeper key is set inside it.
        node[str(key)] = child = dict(child)
        node = child
    node[str(keys[-1])] = value
