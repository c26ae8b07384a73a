"""Bad client requests get a JSON error with a 4xx status, never a stack trace."""

import pytest

from gateway.server import MAX_BODY_BYTES

from .conftest import Stack

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}


@pytest.mark.parametrize(
    ("content", "content_type", "status", "fragment"),
    [
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b"[1, 2]", "application/json", 400, "not enabled"),  # batching is off
        (b'"query"', "application/json", 400, "JSON object"),
        (b'{"variables": {}}', "application/json", 400, "'query'"),
        (b'{"query": "{ me { id } }", "variables": [1]}', "application/json", 400, "variables"),
        (
            b'{"query": "{ me { id } }", "operationName": 3}',
            "application/json",
            400,
            "operationName",
        ),
        (b"query", "text/plain", 415, "application/json"),
        (b'{"query": "{ me { id } }"}', "", 415, "application/json"),
    ],
)
def test_malformed_http_requests_are_4xx_json(
    stack: Stack, content: bytes, content_type: str, status: int, fragment: str
) -> None:
    # The preflight header: these are about decoding, not CSRF (see test_csrf.py).
    headers = {"content-type": content_type, "graphql-preflight": "1"}
    response = stack.gateway.post("/graphql", content=content, headers=headers)
    assert response.status_code == status
    [error] = response.json()["errors"]
    assert fragment in error["message"]
    expected = "BATCHING_NOT_ENABLED" if content.startswith(b"[") else "BAD_REQUEST"
    assert error["extensions"]["code"] == expected
    assert "Traceback" not in response.text


def test_oversized_body_is_413(stack: Stack) -> None:
    response = stack.gateway.post(
        "/graphql",
        content=b'{"query": "' + b" " * (MAX_BODY_BYTES + 1) + b'{ me { id } }"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_invalid_operation_is_400_with_validation_code(stack: Stack) -> None:
    response = stack.query("{ me { password } }", headers=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_syntax_error_is_400_with_parse_code(stack: Stack) -> None:
    response = stack.query("{ me { id }", headers=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_bad_variable_values_are_400(stack: Stack) -> None:
    response = stack.query(
        "query($w: Boolean!) { me { id @include(if: $w) } }",
        variables={"w": "yes"},
        headers=GRAPHQL_RESPONSE,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_get_without_query_is_400(stack: Stack) -> None:
    response = stack.gateway.get("/graphql")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_legacy_json_clients_get_200_with_the_errors(stack: Stack) -> None:
    response = stack.query("{ me { id }", headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_unknown_method_is_refused_with_json(stack: Stack) -> None:
    response = stack.gateway.put("/graphql", content=b"{}")
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


def test_unknown_path_is_404_json(stack: Stack) -> None:
    response = stack.gateway.get("/nope")
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
