"""Decoding GraphQL-over-HTTP requests (POST JSON body, GET query string) into `GraphQLRequest`.

Problems are values: `BadRequest` with the HTTP status, a message for the client and the
`extensions.code` of the error it becomes.  With batching on (`max_batch`), a JSON array is a
`Batch`: each of its items decoded on its own, a malformed one refused without the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from gateway.request import GraphQLRequest

__all__ = ["MAX_BODY_BYTES", "BadRequest", "Batch", "decode_get", "decode_post", "media_type_of"]

# The default of `ServerConfig.max_body_bytes`.
MAX_BODY_BYTES = 2 * 1024 * 1024
_JSON_TYPES = frozenset({"application/json", "application/graphql+json"})
_UTF8 = frozenset({"utf-8", "utf8"})


@dataclass(frozen=True, slots=True, kw_only=True)
class BadRequest:
    status: int
    message: str
    code: str = "BAD_REQUEST"
    # Extra response headers, e.g. `Allow` for a 405.
    headers: tuple[tuple[bytes, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class Batch:
    """Several operations in one POST body (a JSON array), answered in order."""

    items: tuple[GraphQLRequest | BadRequest, ...]


def media_type_of(content_type: str) -> str:
    """The essence of a Content-Type: `application/json; charset=utf-8` → `application/json`."""
    return content_type.partition(";")[0].strip().lower()


def decode_post(
    content_type: str, body: bytes, max_batch: int | None = None
) -> GraphQLRequest | BadRequest | Batch:
    """A POST body; `max_batch` (None: batching off) bounds the operations of an array."""
    if content_type != "application/json":  # what nearly every client sends, checked first
        refusal = _unsupported(content_type)
        if refusal is not None:
            return refusal
    if not body or body.isspace():
        return BadRequest(
            status=400,
            message="The request body is empty: send a JSON object with a 'query' string.",
        )
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return BadRequest(status=400, message="The request body is not valid JSON.")
    if isinstance(payload, dict):
        return _object(payload)
    if isinstance(payload, list):
        return _batch(payload, max_batch)
    return BadRequest(status=400, message="The request body must be a JSON object.")


def _object(payload: dict[str, Any]) -> GraphQLRequest | BadRequest:
    return _request(
        payload.get("query"),
        payload.get("variables"),
        payload.get("operationName"),
        payload.get("extensions"),
        allow_mutations=True,
    )


def _batch(payload: list[Any], max_batch: int | None) -> Batch | BadRequest:
    if max_batch is None:
        return BadRequest(
            status=400,
            message="Batched requests (a JSON array) are not enabled on this gateway: "
            "send one JSON object per request.",
            code="BATCHING_NOT_ENABLED",
        )
    if not payload:
        return BadRequest(status=400, message="The batch is empty: send at least one operation.")
    if len(payload) > max_batch:
        return BadRequest(
            status=413,
            message=f"The batch has {len(payload)} operations; at most {max_batch} are allowed "
            "in one request.",
            code="BATCH_LIMIT_EXCEEDED",
        )
    return Batch(
        tuple(
            _object(item)
            if isinstance(item, dict)
            else BadRequest(status=400, message="Each operation of a batch must be a JSON object.")
            for item in payload
        )
    )


def decode_get(params: Mapping[str, str]) -> GraphQLRequest | BadRequest:
    """A GET request's parameters; `variables` and `extensions` are JSON text."""
    decoded: dict[str, Any] = {}
    for name in ("variables", "extensions"):
        raw = params.get(name)
        if raw:
            try:
                decoded[name] = orjson.loads(raw)
            except orjson.JSONDecodeError:
                return BadRequest(status=400, message=f"The '{name}' parameter is not valid JSON.")
    return _request(
        params.get("query"),
        decoded.get("variables"),
        params.get("operationName") or None,
        decoded.get("extensions"),
        allow_mutations=False,
    )


def _unsupported(content_type: str) -> BadRequest | None:
    essence, _, params = content_type.partition(";")
    if essence.strip().lower() not in _JSON_TYPES:
        shown = content_type.strip() or "none"
        return BadRequest(
            status=415,
            message=f"Unsupported Content-Type ({shown}): send the request as application/json.",
        )
    charset = _charset(params)
    if charset is not None and charset not in _UTF8:
        return BadRequest(
            status=415, message=f"Unsupported charset {charset!r}: send the request as UTF-8."
        )
    return None


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _request(
    query: Any, variables: Any, operation_name: Any, extensions: Any, *, allow_mutations: bool
) -> GraphQLRequest | BadRequest:
    if extensions is not None and not isinstance(extensions, dict):
        return BadRequest(status=400, message="'extensions' must be a JSON object.")
    # A persisted query's hash may stand in for the text; the persisted-queries stage decides.
    persisted = extensions is not None and "persistedQuery" in extensions
    if query is None and persisted:
        query = ""
    elif not isinstance(query, str):
        what = "no 'query' string" if query is None else "a 'query' that is not a string"
        return BadRequest(status=400, message=f"The request has {what}.")
    elif not query.strip() and not persisted:
        return BadRequest(status=400, message="The request has no 'query' string.")
    if variables is not None and not isinstance(variables, dict):
        return BadRequest(status=400, message="'variables' must be a JSON object.")
    if operation_name is not None and not isinstance(operation_name, str):
        return BadRequest(status=400, message="'operationName' must be a string.")
    return GraphQLRequest(
        query=query,
        variables=variables,
        operation_name=operation_name,
        allow_mutations=allow_mutations,
        extensions=extensions,
    )
