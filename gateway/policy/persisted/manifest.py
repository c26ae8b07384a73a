"""Apollo's persisted query manifest: the operations a safelisted gateway may run.

    {"format": "apollo-persisted-query-manifest", "version": 1,
     "operations": [{"id": "...", "name": "Tutor", "type": "query", "body": "query Tutor ..."}]}

Loading checks everything up front (format, version, fields, unique ids, bodies that parse) and
fails with a `ValueError` naming the file and what is wrong, so a bad manifest stops startup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import orjson
from graphql import GraphQLSyntaxError, parse

__all__ = ["Manifest", "RegisteredOperation", "load_manifest", "parse_manifest"]

FORMAT = "apollo-persisted-query-manifest"
_TYPES = ("query", "mutation", "subscription")
_OperationType = Literal["query", "mutation", "subscription"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisteredOperation:
    id: str
    name: str
    type: _OperationType
    body: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    operations: tuple[RegisteredOperation, ...]
    # The body a persistedQuery hash stands for: each operation's id and the sha256 of its body
    # (what Apollo Client's APQ link sends) both name it.
    by_hash: Mapping[str, str]
    # Body -> every hash that names it (to check a hash sent along with a registered body).
    hashes_of: Mapping[str, frozenset[str]]


def load_manifest(path: str | Path) -> Manifest:
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ValueError(
            f"persisted query manifest {path}: cannot be read ({error.strerror})"
        ) from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"persisted query manifest {path}: not valid JSON ({error})") from None
    return parse_manifest(data, source=str(path))


def parse_manifest(data: Any, *, source: str) -> Manifest:
    where = f"persisted query manifest {source}"
    if not isinstance(data, dict):
        raise ValueError(f"{where}: the top level must be a JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f'{where}: "format" must be "{FORMAT}", not {data.get("format")!r}')
    if data.get("version") != 1 or isinstance(data.get("version"), bool):
        raise ValueError(f'{where}: "version" must be 1, not {data.get("version")!r}')
    entries = data.get("operations")
    if not isinstance(entries, list):
        raise ValueError(f'{where}: "operations" must be a list')

    operations: list[RegisteredOperation] = []
    by_hash: dict[str, str] = {}
    hashes_of: dict[str, set[str]] = {}
    for index, entry in enumerate(entries):
        operation = _operation(entry, f"{where}: operations[{index}]")
        previous = by_hash.get(operation.id)
        if previous is not None and previous != operation.body:
            raise ValueError(
                f"{where}: operations[{index}]: id {operation.id!r} is registered twice "
                "with different bodies"
            )
        operations.append(operation)
        for key in (operation.id, hashlib.sha256(operation.body.encode()).hexdigest()):
            by_hash.setdefault(key, operation.body)
            hashes_of.setdefault(operation.body, set()).add(key)
    return Manifest(
        operations=tuple(operations),
        by_hash=MappingProxyType(by_hash),
        hashes_of=MappingProxyType({body: frozenset(keys) for body, keys in hashes_of.items()}),
    )


def _operation(entry: Any, where: str) -> RegisteredOperation:
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: each operation must be a JSON object")
    for field in ("id", "body"):
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f'{where}: "{field}" must be a non-empty string')
    op_id: str = entry["id"]
    body: str = entry["body"]
    name = entry.get("name", "")
    if not isinstance(name, str):
        raise ValueError(f'{where}: "name" must be a string')
    kind = entry.get("type")
    if kind not in _TYPES:
        raise ValueError(f'{where}: "type" must be one of {", ".join(_TYPES)}, not {kind!r}')
    try:
        parse(body, no_location=True)
    except GraphQLSyntaxError as error:
        reason = error.message
        raise ValueError(f"{where}: the body of {op_id!r} does not parse: {reason}") from None
    return RegisteredOperation(id=op_id, name=name, type=cast("_OperationType", kind), body=body)
