"""Subscriptions driven by client libraries nobody here wrote, over real sockets: graphql-ws,
graphql-sse and Apollo Client run by Node.js (tests/clients) against the gateway of the
WebSocket tests, each script printing what its client saw."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from gateway.config import GatewayConfig, SubscriptionsConfig
from gateway.graphiql.npm import InstallResult
from tests.clients import finish_script, next_line, run_script, start_script
from tests.server.event_stack import UPSTREAM, EventStack, serve_event_stack, subgraph_urls

WAIT = 30.0
REVIEWS = "subscription { reviewAdded(count: 3) { body author { id name } } }"
FOREVER = "subscription { reviewAdded(forever: true) { body } }"
EVENTS = [
    {"reviewAdded": {"body": "review 0", "author": {"id": "1", "name": "Ada"}}},
    {"reviewAdded": {"body": "review 1", "author": {"id": "2", "name": "Grace"}}},
    {"reviewAdded": {"body": "review 2", "author": {"id": "1", "name": "Ada"}}},
]


@pytest.fixture(scope="module")
def sdl() -> Iterator[str]:
    with subgraph_urls() as served:
        yield served


@pytest.fixture
def stack(sdl: str, node_clients: InstallResult) -> Iterator[EventStack]:
    """A gateway of its own per test: a reload or a shutdown ends only this test's streams."""
    config = GatewayConfig(subscriptions=SubscriptionsConfig(multipart_heartbeat_seconds=0.2))
    with serve_event_stack(sdl, config) as served:
        yield served


def _ws(stack: EventStack) -> str:
    return stack.graphql.replace("http://", "ws://")


async def _reload_when_ready(stack: EventStack, process: asyncio.subprocess.Process) -> None:
    """Waits for the script to see its first event, then serves a new supergraph."""
    assert await next_line(process, WAIT) == {"ready": True}
    await asyncio.to_thread(stack.reload)


async def test_graphql_ws_gets_each_event_with_fields_of_another_subgraph(
    stack: EventStack,
) -> None:
    seen = await run_script(
        "graphql-ws.mjs", _ws(stack), json.dumps({"query": REVIEWS, "token": "good"})
    )
    assert seen["error"] is None
    assert [result["data"] for result in seen["results"]] == EVENTS


async def test_graphql_ws_authenticates_with_connection_params(stack: EventStack) -> None:
    anonymous = await run_script("graphql-ws.mjs", _ws(stack), json.dumps({"query": REVIEWS}))
    failed = anonymous["error"] or anonymous["results"][-1]["errors"]
    assert "sign in first" in failed[0]["message"]
    forged = await run_script(
        "graphql-ws.mjs", _ws(stack), json.dumps({"query": REVIEWS, "token": "forged"})
    )
    assert forged["error"]["code"] == 4403


async def test_graphql_ws_subscribes_again_by_itself_on_a_new_supergraph(
    stack: EventStack,
) -> None:
    closed_before = UPSTREAM.closed
    options = {"mode": "resubscribe", "query": FOREVER, "token": "good", "after": 2}
    process = await start_script("graphql-ws.mjs", _ws(stack), json.dumps(options))
    await _reload_when_ready(stack, process)
    seen = await finish_script(process, WAIT)
    assert seen["closes"][0] == 1012  # service restart: the client reconnects
    assert seen["connections"] == 2
    assert seen["perConnection"]["2"] >= 2
    assert UPSTREAM.closed >= closed_before + 1  # the first subscription was closed upstream


async def test_graphql_sse_streams_a_subscription_and_answers_a_query(stack: EventStack) -> None:
    options = {"operations": [REVIEWS, "{ me { name } ok }"], "token": "good"}
    seen = await run_script("graphql-sse.mjs", stack.graphql, json.dumps(options))
    subscription, query = seen["operations"]
    assert subscription["error"] is None
    assert [result["data"] for result in subscription["results"]] == EVENTS
    assert query == {"results": [{"data": {"me": {"name": "Ada"}, "ok": True}}], "error": None}


async def test_graphql_sse_gets_refusals_as_results(stack: EventStack) -> None:
    forged = {"operations": [REVIEWS], "token": "forged"}
    invalid = {"operations": ["{ nope }"], "token": "good"}
    for options, code in ((forged, "UNAUTHENTICATED"), (invalid, "GRAPHQL_VALIDATION_FAILED")):
        seen = await run_script("graphql-sse.mjs", stack.graphql, json.dumps(options))
        [operation] = seen["operations"]
        assert operation["error"] is None  # a result, not a failure the client retries
        [result] = operation["results"]
        assert result["errors"][0]["extensions"]["code"] == code


async def test_graphql_sse_subscribes_again_by_itself_on_a_new_supergraph(
    stack: EventStack,
) -> None:
    options = {"mode": "resubscribe", "operations": [FOREVER], "token": "good", "after": 2}
    process = await start_script("graphql-sse.mjs", stack.graphql, json.dumps(options))
    await _reload_when_ready(stack, process)
    seen = await finish_script(process, WAIT)
    assert seen["connections"] == 2
    assert seen["perConnection"]["2"] >= 2


async def test_apollo_client_gets_a_multipart_subscription(stack: EventStack) -> None:
    seen = await run_script(
        "apollo-multipart.mjs", stack.graphql, json.dumps({"query": REVIEWS, "token": "good"})
    )
    assert seen["complete"] is True
    # Apollo Client asks for `__typename` in every selection set.
    assert seen["results"] == [
        {
            "data": {
                "reviewAdded": {
                    **event["reviewAdded"],
                    "author": {**event["reviewAdded"]["author"], "__typename": "User"},
                    "__typename": "Review",
                }
            }
        }
        for event in EVENTS
    ]


async def test_apollo_client_is_told_of_a_new_supergraph(stack: EventStack) -> None:
    options = {"query": FOREVER, "token": "good"}
    process = await start_script("apollo-multipart.mjs", stack.graphql, json.dumps(options))
    await _reload_when_ready(stack, process)
    seen = await finish_script(process, WAIT)
    assert seen["complete"] is True
    last = seen["results"][-1]["error"]
    assert last["name"] == "CombinedProtocolErrors"
    assert last["errors"][0]["extensions"]["code"] == "SUBSCRIPTION_SCHEMA_RELOAD"
    assert all("data" in result for result in seen["results"][:-1])
