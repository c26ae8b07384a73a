"""Decoding GraphQL-over-HTTP requests (POST JSON body, GET query string) into `GraphQLRequest`.

Problems are values: `BadRequest` with the HTTP status and a message for the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from gateway.request import GraphQLRequest

__all__ = ["MAX_BODY_BYTES", "BadRequest", "decode_get", "decode_post", "response_type"]

MAX_BODY_BYTES = 2 * 1024 * 1024
_GRAPHQL_RESPONSE = "application/graphql-response+json"


def response_type(accept: str) -> str:
    """The response media type: the GraphQL one when the client's Accept names it."""
    return _GRAPHQL_RESPONSE if _GRAPHQL_RESPONSE in accept else "application/json"


@dataclass(frozen=True, slots=True, kw_only=True)
class BadRequest:
    status: int
    message: str


def decode_post(content_type: str, body: bytes) -> GraphQLRequest | BadRequest:
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in ("application/json", "", "application/graphql+json"):
        return BadRequest(status=415, message="Send the request as application/json.")
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return BadRequest(status=400, message="The request body is not valid JSON.")
    if not isinstance(payload, dict):
        return BadRequest(status=400, message="The request body must be a JSON object.")
    return _request(payload.get("query"), payload.get("variables"), payload.get("operationName"))


def decode_get(params: dict[str, str]) -> GraphQLRequest | BadRequest:
    raw_variables = params.get("variables")
    variables: Any = None
    if raw_variables:
        try:
            variables = orjson.loads(raw_variables)
        except orjson.JSONDecodeError:
            return BadRequest(status=400, message="The 'variables' parameter is not valid JSON.")
    decoded = _request(params.get("query"), variables, params.get("operationName") or None)
    if isinstance(decoded, BadRequest):
        return decoded
    return GraphQLRequest(
        query=decoded.query,
        variables=decoded.variables,
        operation_name=decoded.operation_name,
        allow_mutations=False,
    )


def _request(query: Any, variables: Any, operation_name: Any) -> GraphQLRequest | BadRequest:
    if not isinstance(query, str) or not query.strip():
        return BadRequest(status=400, message="The request has no 'query' string.")
    if variables is not None and not isinstance(variables, dict):
        return BadRequest(status=400, message="'variables' must be a JSON object.")
    if operation_name is not None and not isinstance(operation_name, str):
        return BadRequest(status=400, message="'operationName' must be a string.")
    return GraphQLRequest(query=query, variables=variables, operation_name=operation_name)
