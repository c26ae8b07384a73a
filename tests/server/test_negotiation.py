"""Accept negotiation between application/graphql-response+json and application/json."""

import pytest

from gateway.server.http.negotiation import ResponseType, negotiate

GRAPHQL = ResponseType.GRAPHQL_RESPONSE_JSON
JSON = ResponseType.JSON


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        ("application/json; charset=utf-8", JSON),
        ("application/graphql-response+json", GRAPHQL),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL),
        ("application/json, application/graphql-response+json", GRAPHQL),
        ("application/json, application/graphql-response+json;q=0.5", JSON),
        ("application/graphql-response+json;q=0.5, */*", JSON),
        ("application/graphql-response+json;q=0.5, */*;q=0.1", GRAPHQL),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
        ("application/*", JSON),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON", GRAPHQL),
    ],
)
def test_accept_picks_the_response_type(accept: str, expected: ResponseType) -> None:
    assert negotiate(accept) is expected


@pytest.mark.parametrize(
    "accept",
    [
        "text/html",
        "application/xml",
        "application/json;q=0",
        "application/graphql-response+json;q=0, application/json;q=0",
        "application/json;q=nan",
        "application/json;q=oops",
    ],
)
def test_unsatisfiable_accept_is_none(accept: str) -> None:
    assert negotiate(accept) is None


def test_content_types_declare_utf8() -> None:
    assert GRAPHQL.content_type == b"application/graphql-response+json; charset=utf-8"
    assert JSON.content_type == b"application/json; charset=utf-8"
    assert JSON.legacy
    assert not GRAPHQL.legacy
