"""Bad client requests get a JSON error with a 4xx status, never a stack trace."""

import pytest

from gateway.server import MAX_BODY_BYTES

from .conftest import Stack


@pytest.mark.parametrize(
    ("content", "content_type", "status", "fragment"),
    [
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b"[1, 2]", "application/json", 400, "JSON object"),
        (b'{"variables": {}}', "application/json", 400, "'query'"),
        (b'{"query": "{ me { id } }", "variables": [1]}', "application/json", 400, "variables"),
        (
            b'{"query": "{ me { id } }", "operationName": 3}',
            "application/json",
            400,
            "operationName",
        ),
        (b"query", "text/plain", 415, "application/json"),
    ],
)
def test_malformed_http_requests_are_4xx_json(
    stack: Stack, content: bytes, content_type: str, status: int, fragment: str
) -> None:
    response = stack.gateway.post(
        "/graphql", content=content, headers={"content-type": content_type}
    )
    assert response.status_code == status
    [error] = response.json()["errors"]
    assert fragment in error["message"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "Traceback" not in response.text


def test_oversized_body_is_413(stack: Stack) -> None:
    response = stack.gateway.post(
        "/graphql",
        content=b'{"query": "' + b" " * (MAX_BODY_BYTES + 1) + b'{ me { id } }"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_invalid_operation_is_400_with_validation_code(stack: Stack) -> None:
    response = stack.query("{ me { password } }")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_syntax_error_is_400_with_parse_code(stack: Stack) -> None:
    response = stack.query("{ me { id }")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_bad_variable_values_are_400(stack: Stack) -> None:
    response = stack.query(
        "query($w: Boolean!) { me { id @include(if: $w) } }", variables={"w": "yes"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_get_without_query_is_400(stack: Stack) -> None:
    response = stack.gateway.get("/graphql")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_unknown_method_is_refused_with_json(stack: Stack) -> None:
    response = stack.gateway.put("/graphql", content=b"{}")
    assert response.status_code == 405
    assert response.json()["errors"][0]["message"] == "Method Not Allowed"


def test_unknown_path_is_404_json(stack: Stack) -> None:
    response = stack.gateway.get("/nope")
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
