"""The refusals of the persisted-query stage, with the codes and statuses clients act on.

    PERSISTED_QUERY_NOT_FOUND      200  hash unknown: Apollo Client resends hash and text
    PERSISTED_QUERY_NOT_SUPPORTED  200  APQ off: Apollo Client stops sending hashes
    PERSISTED_QUERY_HASH_MISMATCH  400  the text does not hash to the hash sent with it
    PERSISTED_QUERY_NOT_IN_LIST    400  safelist mode, and the operation is not registered
    BAD_REQUEST                    400  no query, a malformed extension, an unsupported version

The two 200s follow Apollo Server: its clients look for the message and code in the body, and a
4xx could be swallowed by HTTP error handling before they see it.
"""

from __future__ import annotations

from gateway.request.model import GraphQLResponse, error_body

__all__ = [
    "bad_request",
    "hash_mismatch",
    "no_query",
    "not_found",
    "not_in_list",
    "not_supported",
]


def not_found() -> GraphQLResponse:
    return GraphQLResponse(
        status=200, body=error_body("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
    )


def not_supported() -> GraphQLResponse:
    return GraphQLResponse(
        status=200, body=error_body("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")
    )


def hash_mismatch() -> GraphQLResponse:
    message = "The persisted query's sha256Hash does not match the sha256 of the query text."
    return GraphQLResponse(status=400, body=error_body(message, "PERSISTED_QUERY_HASH_MISMATCH"))


def not_in_list(operation_name: str | None) -> GraphQLResponse:
    message = (
        "This gateway runs only registered operations (safelist mode), and this operation is "
        "not in its persisted query list: send a registered id or a registered body."
    )
    extra = {"operationName": operation_name} if operation_name else {}
    return GraphQLResponse(
        status=400, body=error_body(message, "PERSISTED_QUERY_NOT_IN_LIST", **extra)
    )


def no_query() -> GraphQLResponse:
    return bad_request("The request has no 'query' string.")


def bad_request(message: str) -> GraphQLResponse:
    return GraphQLResponse(status=400, body=error_body(message, "BAD_REQUEST"))
