"""Decoding POST bodies and GET parameters into GraphQL requests, or a clear refusal."""

import pytest

from gateway.request import GraphQLRequest
from gateway.server.http.decode import BadRequest, Batch, decode_get, decode_post


def _refused(decoded: GraphQLRequest | BadRequest | Batch) -> BadRequest:
    assert isinstance(decoded, BadRequest), decoded
    return decoded


def test_post_decodes_every_field() -> None:
    body = (
        b'{"query": "query Q { me { id } }", "variables": {"a": 1}, '
        b'"operationName": "Q", "extensions": {"some": "value"}}'
    )
    decoded = decode_post("application/json; charset=UTF-8", body)
    assert decoded == GraphQLRequest(
        query="query Q { me { id } }",
        variables={"a": 1},
        operation_name="Q",
        extensions={"some": "value"},
    )


def test_post_accepts_null_optional_fields() -> None:
    body = (
        b'{"query": "{ me { id } }", "variables": null, "operationName": null, "extensions": null}'
    )
    decoded = decode_post("application/json", body)
    assert decoded == GraphQLRequest(query="{ me { id } }")


def test_persisted_query_hash_without_text_is_let_through() -> None:
    body = b'{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab"}}}'
    decoded = decode_post("application/json", body)
    assert isinstance(decoded, GraphQLRequest)
    assert decoded.query == ""
    assert decoded.extensions == {"persistedQuery": {"version": 1, "sha256Hash": "ab"}}


@pytest.mark.parametrize(
    ("content_type", "body", "status", "fragment"),
    [
        ("text/plain", b"{}", 415, "application/json"),
        ("", b"{}", 415, "none"),
        ("application/json; charset=latin-1", b"{}", 415, "UTF-8"),
        ("application/json", b"", 400, "empty"),
        ("application/json", b'{ "not a JSON', 400, "not valid JSON"),
        ("application/json", b"1", 400, "JSON object"),
        ("application/json", b"null", 400, "JSON object"),
        ("application/json", b'{"qeury": "{ me { id } }"}', 400, "no 'query'"),
        ("application/json", b'{"query": ""}', 400, "no 'query'"),
        ("application/json", b'{"query": 0}', 400, "not a string"),
        ("application/json", b'{"query": {"obj": "ect"}}', 400, "not a string"),
        ("application/json", b'{"query": "{ a }", "variables": "x"}', 400, "'variables'"),
        ("application/json", b'{"query": "{ a }", "variables": [1]}', 400, "'variables'"),
        ("application/json", b'{"query": "{ a }", "operationName": false}', 400, "'operationName'"),
        ("application/json", b'{"query": "{ a }", "extensions": "x"}', 400, "'extensions'"),
        ("application/json", b'{"query": "{ a }", "extensions": [1]}', 400, "'extensions'"),
    ],
)
def test_bad_posts_are_refused_with_a_reason(
    content_type: str, body: bytes, status: int, fragment: str
) -> None:
    refusal = _refused(decode_post(content_type, body))
    assert (refusal.status, refusal.code) == (status, "BAD_REQUEST")
    assert fragment in refusal.message


def test_an_array_is_a_batch_only_when_batching_is_on() -> None:
    body = b'[{"query": "{ a }"}, 1, {"query": 2}]'
    off = decode_post("application/json", body)
    assert isinstance(off, BadRequest)
    assert (off.status, off.code) == (400, "BATCHING_NOT_ENABLED")
    batch = decode_post("application/json", body, max_batch=3)
    assert isinstance(batch, Batch)
    first, second, third = batch.items
    assert first == GraphQLRequest(query="{ a }")
    assert isinstance(second, BadRequest)
    assert "must be a JSON object" in second.message
    assert isinstance(third, BadRequest)
    assert "not a string" in third.message
    over = decode_post("application/json", body, max_batch=2)
    assert isinstance(over, BadRequest)
    assert (over.status, over.code) == (413, "BATCH_LIMIT_EXCEEDED")
    assert "3 operations; at most 2" in over.message
    empty = decode_post("application/json", b"[]", max_batch=2)
    assert isinstance(empty, BadRequest)
    assert (empty.status, empty.code) == (400, "BAD_REQUEST")


def test_get_decodes_json_parameters_and_forbids_mutations() -> None:
    decoded = decode_get(
        {
            "query": "query Q($a: Int) { me { id } }",
            "variables": '{"a": 1}',
            "operationName": "Q",
            "extensions": '{"persistedQuery": {"version": 1}}',
        }
    )
    assert decoded == GraphQLRequest(
        query="query Q($a: Int) { me { id } }",
        variables={"a": 1},
        operation_name="Q",
        allow_mutations=False,
        extensions={"persistedQuery": {"version": 1}},
    )


def test_get_empty_operation_name_means_none() -> None:
    decoded = decode_get({"query": "{ me { id } }", "operationName": ""})
    assert isinstance(decoded, GraphQLRequest)
    assert decoded.operation_name is None


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "no 'query'"),
        ({"query": "{ a }", "variables": "{oops"}, "'variables' parameter is not valid JSON"),
        ({"query": "{ a }", "variables": "[1]"}, "'variables' must be a JSON object"),
        ({"query": "{ a }", "extensions": "{oops"}, "'extensions' parameter is not valid JSON"),
        ({"query": "{ a }", "extensions": "3"}, "'extensions' must be a JSON object"),
    ],
)
def test_bad_gets_are_400(params: dict[str, str], fragment: str) -> None:
    refusal = _refused(decode_get(params))
    assert refusal.status == 400
    assert fragment in refusal.message
