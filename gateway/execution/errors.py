"""GraphQL errors made by the executor, and subgraph errors re-pathed to the client's paths.

Error values (plain dicts, the JSON the client gets):

    subgraph answered with errors   -> its errors, re-pathed, extensions.serviceName added
    subgraph failed                 -> one error per failed fetch, with extensions.code:
        SUBREQUEST_HTTP_ERROR           non-2xx status, connection refused or reset
        SUBREQUEST_MALFORMED_RESPONSE   not JSON, or not a GraphQL response of the right shape
        GATEWAY_TIMEOUT                 no answer within the subgraph's timeout
        INTERNAL_SERVER_ERROR           a bug in the gateway while handling the fetch
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "GATEWAY_TIMEOUT",
    "INTERNAL_SERVER_ERROR",
    "SUBREQUEST_HTTP_ERROR",
    "SUBREQUEST_MALFORMED_RESPONSE",
    "fetch_failure",
    "repath_entity_error",
    "repath_root_error",
]

SUBREQUEST_HTTP_ERROR = "SUBREQUEST_HTTP_ERROR"
SUBREQUEST_MALFORMED_RESPONSE = "SUBREQUEST_MALFORMED_RESPONSE"
GATEWAY_TIMEOUT = "GATEWAY_TIMEOUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


def fetch_failure(
    service_name: str, message: str, code: str, path: tuple[str | int, ...] | None
) -> dict[str, Any]:
    """The error for a fetch that produced no GraphQL response."""
    error: dict[str, Any] = {"message": message}
    if path:
        error["path"] = list(path)
    error["extensions"] = {"code": code, "serviceName": service_name}
    return error


def _tagged(error: Any, service_name: str) -> dict[str, Any]:
    """A subgraph error keeping its message and extensions, tagged with the subgraph's name.

    `locations` are dropped: they point into the subgraph operation, not the client's document.
    """
    if not isinstance(error, dict):
        return {
            "message": f"Subgraph '{service_name}' returned a malformed error.",
            "extensions": {"code": SUBREQUEST_MALFORMED_RESPONSE, "serviceName": service_name},
        }
    message = error.get("message")
    out: dict[str, Any] = {"message": message if isinstance(message, str) else "Unknown error"}
    extensions = error.get("extensions")
    merged = dict(extensions) if isinstance(extensions, dict) else {}
    merged["serviceName"] = service_name
    out["extensions"] = merged
    return out


def repath_root_error(error: Any, service_name: str) -> dict[str, Any]:
    """A root fetch's error: its path already uses the client's response keys."""
    out = _tagged(error, service_name)
    path = error.get("path") if isinstance(error, dict) else None
    if isinstance(path, list) and path:
        out["path"] = path
    return _ordered(out)


def repath_entity_error(
    error: Any,
    service_name: str,
    where: Callable[[int], tuple[str | int, ...] | None],
) -> dict[str, Any]:
    """An `_entities` error: `["_entities", i, *rest]` becomes `[*where(i), *rest]`.

    `where(i)` is the client path of the first object representation `i` came from.
    """
    out = _tagged(error, service_name)
    path = error.get("path") if isinstance(error, dict) else None
    if isinstance(path, list) and len(path) >= 2 and path[0] == "_entities":
        index = path[1]
        origin = where(index) if isinstance(index, int) and not isinstance(index, bool) else None
        if origin is not None:
            out["path"] = [*origin, *path[2:]]
    return _ordered(out)


def _ordered(error: dict[str, Any]) -> dict[str, Any]:
    # Clients (and snapshot tests) read message, path, extensions in this order.
    ordered: dict[str, Any] = {"message": error["message"]}
    if "path" in error:
        ordered["path"] = error["path"]
    ordered["extensions"] = error["extensions"]
    return ordered
