"""Accept negotiation between application/graphql-response+json and application/json, and of
the streamed answers (SSE, multipart subscriptions)."""

import pytest

from gateway.server.http.negotiation import ResponseType, Stream, negotiate, stream_of

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


APOLLO_CLIENT_SUBSCRIPTION = (
    "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,"
    "application/graphql-response+json,application/json;q=0.9"
)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/event-stream", Stream.SSE),
        ("TEXT/EVENT-STREAM", Stream.SSE),
        ("text/event-stream, application/json", Stream.SSE),
        ("application/json;q=0.5, text/event-stream", Stream.SSE),
        ("application/json, text/event-stream", None),  # listed first: JSON wins the tie
        ("text/event-stream;q=0.5, application/graphql-response+json", None),
        ("text/event-stream;q=0", None),
        ("text/event-stream, */*", Stream.SSE),  # a wildcard prefers nothing
        (APOLLO_CLIENT_SUBSCRIPTION, Stream.MULTIPART),
        ('multipart/mixed;subscriptionSpec="1.0", application/json', Stream.MULTIPART),
        ('multipart/mixed; boundary="graphql"; subscriptionSpec="1.0"', Stream.MULTIPART),
        ("multipart/mixed;subscriptionSpec=2.0, application/json", None),
        ("multipart/mixed;subscriptionSpec=1.0;q=0, application/json", None),
        ("multipart/mixed;subscriptionSpec=1.0, text/event-stream", Stream.MULTIPART),
        ("text/event-stream, multipart/mixed;subscriptionSpec=1.0", Stream.SSE),
        ("multipart/mixed;deferSpec=20220824, application/json", None),
        ("application/json", None),
        ("", None),
    ],
)
def test_accept_picks_the_stream(accept: str, expected: Stream | None) -> None:
    assert stream_of(accept) is expected
