"""GraphQL errors made by the executor, and subgraph errors re-pathed to the client's paths.

Error values (plain dicts, the JSON the client gets):

    subgraph answered with errors   -> its errors, re-pathed, extensions.serviceName added and
                                       extensions.code kept (DOWNSTREAM_SERVICE_ERROR if none)
    subgraph failed                 -> one error per failed fetch, with extensions.code:
        SUBREQUEST_HTTP_ERROR           non-2xx status, connection refused or reset
        SUBREQUEST_MALFORMED_RESPONSE   not JSON, or not a GraphQL response of the right shape
                                        (no data and no errors, an `_entities` list of the
                                        wrong length or holding something not an object)
        SUBREQUEST_OPERATION_REJECTED   the subgraph refused the operation the gateway generated
                                        (parse or validation failed there: a gateway bug, logged
                                        at ERROR with the plan; its messages are not passed on)
        GATEWAY_TIMEOUT                 no answer within the subgraph's timeout
        INTERNAL_SERVER_ERROR           a bug in the gateway while handling the fetch
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gateway.formatted_error import GraphQLFormattedError

__all__ = [
    "DOWNSTREAM_SERVICE_ERROR",
    "GATEWAY_TIMEOUT",
    "INTERNAL_SERVER_ERROR",
    "SUBREQUEST_HTTP_ERROR",
    "SUBREQUEST_MALFORMED_RESPONSE",
    "SUBREQUEST_OPERATION_REJECTED",
    "fetch_failure",
    "rejection_messages",
    "repath_entity_error",
    "repath_root_error",
]

SUBREQUEST_HTTP_ERROR = "SUBREQUEST_HTTP_ERROR"
SUBREQUEST_MALFORMED_RESPONSE = "SUBREQUEST_MALFORMED_RESPONSE"
SUBREQUEST_OPERATION_REJECTED = "SUBREQUEST_OPERATION_REJECTED"
GATEWAY_TIMEOUT = "GATEWAY_TIMEOUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
# Apollo's code for an error a subgraph returned without one of its own.
DOWNSTREAM_SERVICE_ERROR = "DOWNSTREAM_SERVICE_ERROR"

# Codes a GraphQL server gives errors in the operation itself (Apollo Server's names).
_OPERATION_CODES = frozenset({"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"})


def fetch_failure(
    service_name: str, message: str, code: str, path: tuple[str | int, ...] | None
) -> GraphQLFormattedError:
    """The error for a fetch that produced no GraphQL response."""
    error: GraphQLFormattedError = {"message": message}
    if path:
        error["path"] = list(path)
    error["extensions"] = {"code": code, "serviceName": service_name}
    return error


def _tagged(error: Any, service_name: str) -> GraphQLFormattedError:
    """A subgraph error keeping its message and extensions, tagged with the subgraph's name.

    `locations` are dropped: they point into the subgraph operation, not the client's document.
    """
    if not isinstance(error, dict):
        return {
            "message": f"Subgraph '{service_name}' returned a malformed error.",
            "extensions": {"code": SUBREQUEST_MALFORMED_RESPONSE, "serviceName": service_name},
        }
    message = error.get("message")
    out: GraphQLFormattedError = {
        "message": message if isinstance(message, str) else "Unknown error"
    }
    extensions = error.get("extensions")
    merged = dict(extensions) if isinstance(extensions, dict) else {}
    if merged.get("code") is None:
        merged["code"] = DOWNSTREAM_SERVICE_ERROR
    merged["serviceName"] = service_name
    out["extensions"] = merged
    return out


def rejection_messages(body: dict[str, Any], client_variables: tuple[str, ...]) -> list[str] | None:
    """The subgraph's messages when `body` refuses the operation itself, else None.

    A refusal is a request error (GraphQL over HTTP): `errors` and no `data` (or null data),
    no error located at a field (`path`), and each error either coded as a parse or validation
    failure or, without a code, pointing into the document (`locations`, as graphql-core and
    graphql-js write them; a proxy's "Unauthorized" does not).  An error about the value of one
    of the client's own variables (a custom scalar the subgraph refuses) is the client's to
    read: it is no refusal of ours.
    """
    errors = body.get("errors")
    if not errors or body.get("data") is not None:
        return None
    messages: list[str] = []
    for error in errors:
        if not isinstance(error, dict) or error.get("path"):
            return None
        extensions = error.get("extensions")
        code = extensions.get("code") if isinstance(extensions, dict) else None
        if code is None and not error.get("locations"):
            return None
        if code is not None and code not in _OPERATION_CODES:
            return None
        message = error.get("message")
        message = message if isinstance(message, str) else ""
        if _names_a_variable(message, client_variables):
            return None
        messages.append(message)
    return messages


def _names_a_variable(message: str, names: tuple[str, ...]) -> bool:
    # graphql-core writes `Variable '$x' ...`, graphql-js `Variable "$x" ...`.
    return any(message.startswith((f"Variable '${name}'", f'Variable "${name}"')) for name in names)


def repath_root_error(error: Any, service_name: str) -> GraphQLFormattedError:
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
) -> GraphQLFormattedError:
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


def _ordered(error: GraphQLFormattedError) -> GraphQLFormattedError:
    # Clients (and snapshot tests) read message, path, extensions in this order.
    ordered: GraphQLFormattedError = {"message": error["message"]}
    if "path" in error:
        ordered["path"] = error["path"]
    ordered["extensions"] = error["extensions"]
    return ordered
