"""GraphQL over SSE (distinct connections mode) through the gateway over real sockets: events
completed across subgraphs, queries, GET and its CSRF rule, refusals as events, `@defer` as
events, and the negotiation that picks SSE."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from gateway.config import GatewayConfig
from tests.server.conftest import Stack
from tests.server.event_stack import UPSTREAM, EventStack, serve_event_stack, subgraph_urls

SSE = {"accept": "text/event-stream", "authorization": "Bearer good"}
REVIEWS = "subscription { reviewAdded(count: 2) { body author { name } } }"
EVENTS = [
    {"data": {"reviewAdded": {"body": "review 0", "author": {"name": "Ada"}}}},
    {"data": {"reviewAdded": {"body": "review 1", "author": {"name": "Grace"}}}},
]


@pytest.fixture(scope="module")
def events() -> Iterator[EventStack]:
    with subgraph_urls() as sdl, serve_event_stack(sdl, GatewayConfig()) as served:
        yield served


def _events(content: bytes) -> list[tuple[str, Any]]:
    """(event, data) of each event of an SSE body; comments are left out."""
    found = []
    for block in content.decode().split("\n\n"):
        fields = dict(
            line.split(": ", 1) if ": " in line else (line.rstrip(":"), "")
            for line in block.split("\n")
            if line and not line.startswith(":")
        )
        if "event" in fields:
            data = fields.get("data", "")
            found.append((fields["event"], orjson.loads(data) if data else None))
    return found


def _post(stack: EventStack, body: Any, headers: dict[str, str] = SSE) -> httpx.Response:
    headers = {**headers, "content-type": "application/json"}
    response = httpx.post(stack.graphql, content=orjson.dumps(body), headers=headers, timeout=20)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    return response


def _refusal_code(response: httpx.Response) -> str:
    [(event, data), complete] = _events(response.content)
    assert (event, complete) == ("next", ("complete", None))
    code: str = data["errors"][0]["extensions"]["code"]
    return code


def test_a_subscription_streams_each_event_then_complete(events: EventStack) -> None:
    response = _post(events, {"query": REVIEWS})
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-request-id"]
    assert _events(response.content) == [
        *(("next", event) for event in EVENTS),
        ("complete", None),
    ]


def test_a_query_is_one_event_then_complete(events: EventStack) -> None:
    response = _post(events, {"query": "{ me { name } ok }"})
    assert _events(response.content) == [
        ("next", {"data": {"me": {"name": "Ada"}, "ok": True}}),
        ("complete", None),
    ]


def test_a_get_subscription_streams_with_a_preflight_header(events: EventStack) -> None:
    headers = {**SSE, "graphql-preflight": "1"}
    response = httpx.get(events.graphql, params={"query": REVIEWS}, headers=headers, timeout=20)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert [data for event, data in _events(response.content) if event == "next"] == EVENTS


def test_a_get_without_a_preflight_header_is_refused_in_the_stream(events: EventStack) -> None:
    response = httpx.get(events.graphql, params={"query": REVIEWS}, headers=SSE, timeout=20)
    assert response.status_code == 200
    assert _refusal_code(response) == "CSRF_PREFLIGHT_REQUIRED"


@pytest.mark.parametrize(
    ("body", "headers", "code"),
    [
        ({"query": "{ nope }"}, SSE, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "subscription {"}, SSE, "GRAPHQL_PARSE_FAILED"),
        ({"query": REVIEWS}, {**SSE, "authorization": "Bearer forged"}, "UNAUTHENTICATED"),
        ({"variables": {}}, SSE, "BAD_REQUEST"),
        ([{"query": "{ ok }"}], SSE, "BATCHING_NOT_ENABLED"),
    ],
)
def test_refusals_are_one_event_then_complete(
    events: EventStack, body: Any, headers: dict[str, str], code: str
) -> None:
    assert _refusal_code(_post(events, body, headers)) == code


def test_an_upstream_refusal_is_the_last_event(events: EventStack) -> None:
    anonymous = {"accept": "text/event-stream"}
    response = _post(events, {"query": REVIEWS}, anonymous)
    [(_, data), complete] = _events(response.content)
    assert "sign in first" in data["errors"][0]["message"]
    assert complete == ("complete", None)


def test_leaving_closes_the_subscription_upstream(events: EventStack) -> None:
    closed_before = UPSTREAM.closed
    query = {"query": "subscription { reviewAdded(forever: true) { body } }"}
    with httpx.stream("POST", events.graphql, json=query, headers=SSE, timeout=20) as response:
        seen = 0
        for line in response.iter_lines():
            seen += line.startswith("event: next")
            if seen == 2:
                break
    deadline = time.monotonic() + 20
    while UPSTREAM.closed == closed_before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert UPSTREAM.closed == closed_before + 1


@pytest.mark.parametrize(
    ("accept", "status"),
    [("application/graphql-response+json", 400), ("application/json", 200)],
)
def test_without_a_stream_accept_a_subscription_names_the_transports(
    events: EventStack, accept: str, status: int
) -> None:
    response = httpx.post(events.graphql, json={"query": REVIEWS}, headers={"accept": accept})
    assert response.status_code == status
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "OPERATION_NOT_SUPPORTED"
    for named in ("graphql-transport-ws", "text/event-stream", "subscriptionSpec"):
        assert named in error["message"]


def test_json_preferred_over_sse_answers_json(events: EventStack) -> None:
    headers = {"accept": "application/json, text/event-stream"}
    response = httpx.post(events.graphql, json={"query": "{ ok }"}, headers=headers)
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"ok": True}}


def test_a_deferred_query_streams_each_payload_as_an_event(stack: Stack) -> None:
    query = '{ me { name ... @defer(label: "slow") { reviews { body } } } }'
    response = stack.query(query, headers={"accept": "text/event-stream"})
    assert _events(response.content) == [
        ("next", {"data": {"me": {"name": "Ada"}}, "hasNext": True}),
        (
            "next",
            {
                "incremental": [
                    {"data": {"reviews": [{"body": "Great"}]}, "path": ["me"], "label": "slow"}
                ],
                "hasNext": False,
            },
        ),
        ("complete", None),
    ]
