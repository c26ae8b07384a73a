"""Apollo's multipart HTTP subscriptions through the gateway over real sockets, read with Python's
own MIME parser: events completed across subgraphs, upstream refusals in the payload, and what
is answered as plain JSON (queries, requests refused before a subscription starts)."""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from gateway.config import GatewayConfig, SubscriptionsConfig
from tests.server.event_stack import EventStack, serve_event_stack, subgraph_urls

# What Apollo Client sends for a subscription.
ACCEPT = (
    "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,"
    "application/graphql-response+json,application/json;q=0.9"
)
REVIEWS = "subscription { reviewAdded(count: 2) { body author { name } } }"


@pytest.fixture(scope="module")
def events() -> Iterator[EventStack]:
    config = GatewayConfig(subscriptions=SubscriptionsConfig(multipart_heartbeat_seconds=0))
    with subgraph_urls() as sdl, serve_event_stack(sdl, config) as served:
        yield served


def _post(events: EventStack, query: str, token: str | None = "good") -> httpx.Response:  # noqa: S107 - a test token
    headers = {"accept": ACCEPT}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return httpx.post(events.graphql, json={"query": query}, headers=headers, timeout=20)


def _parts(response: httpx.Response) -> list[Any]:
    content_type = response.headers["content-type"]
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + response.content)
    assert message.is_multipart()
    bodies = []
    for part in message.iter_parts():
        assert part.get_content_type() == "application/json"
        bodies.append(orjson.loads(part.get_payload(decode=True)))
    return bodies


def test_a_subscription_streams_each_event_as_a_payload_part(events: EventStack) -> None:
    response = _post(events, REVIEWS)
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"'
    )
    assert response.content.endswith(b"\r\n--graphql--\r\n")
    assert _parts(response) == [
        {"payload": {"data": {"reviewAdded": {"body": "review 0", "author": {"name": "Ada"}}}}},
        {"payload": {"data": {"reviewAdded": {"body": "review 1", "author": {"name": "Grace"}}}}},
    ]


def test_an_upstream_refusal_stays_in_the_payload(events: EventStack) -> None:
    [last] = _parts(_post(events, REVIEWS, token=None))
    assert "sign in first" in last["payload"]["errors"][0]["message"]


def test_a_query_is_answered_as_json(events: EventStack) -> None:
    response = _post(events, "{ me { name } }")
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert response.json() == {"data": {"me": {"name": "Ada"}}}


@pytest.mark.parametrize(
    ("query", "token", "status", "code"),
    [
        ("subscription { nope }", "good", 400, "GRAPHQL_VALIDATION_FAILED"),
        (REVIEWS, "forged", 401, "UNAUTHENTICATED"),
    ],
)
def test_a_refusal_before_the_subscription_is_answered_as_json(
    events: EventStack, query: str, token: str, status: int, code: str
) -> None:
    response = _post(events, query, token)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert response.json()["errors"][0]["extensions"]["code"] == code
