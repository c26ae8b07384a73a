"""The refusals of the persisted-query stage, with the codes clients act on.

    PERSISTED_QUERY_NOT_FOUND      hash unknown: Apollo Client resends hash and text
    PERSISTED_QUERY_NOT_SUPPORTED  APQ off: Apollo Client stops sending hashes
    PERSISTED_QUERY_HASH_MISMATCH  the text does not hash to the hash sent with it
    PERSISTED_QUERY_NOT_IN_LIST    safelist mode, and the operation is not registered
    BAD_REQUEST                    no query, a malformed extension, an unsupported version

The server answers the first two with status 200, as Apollo Server does
(`gateway.server.http.status`).
"""

from __future__ import annotations

from gateway.request.outcome import Refusal, refusal

__all__ = [
    "bad_request",
    "hash_mismatch",
    "no_query",
    "not_found",
    "not_in_list",
    "not_supported",
]


def not_found() -> Refusal:
    return refusal("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")


def not_supported() -> Refusal:
    return refusal("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")


def hash_mismatch() -> Refusal:
    message = "The persisted query's sha256Hash does not match the sha256 of the query text."
    return refusal(message, "PERSISTED_QUERY_HASH_MISMATCH")


def not_in_list(operation_name: str | None) -> Refusal:
    message = (
        "This gateway runs only registered operations (safelist mode), and this operation is "
        "not in its persisted query list: send a registered id or a registered body."
    )
    extra = {"operationName": operation_name} if operation_name else {}
    return refusal(message, "PERSISTED_QUERY_NOT_IN_LIST", **extra)


def no_query() -> Refusal:
    return bad_request("The request has no 'query' string.")


def bad_request(message: str) -> Refusal:
    return refusal(message, "BAD_REQUEST")
