"""Subscriptions through the gateway over real sockets, with the `gql` client and two Strawberry
subgraphs (`tests.server.subscription_stack`): `events` owns the subscription, `accounts`
completes each event with `User.name`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from gateway.config import AuthConfig, GatewayConfig, HeadersConfig, SubscriptionsConfig
from gateway.pipeline import PipelineStages
from gateway.policy.headers import HeaderPropagation
from gateway.request import Identity, Refusal, refusal
from gateway.server import Gateway, create_app, gateway_from_sdl
from tests.server.subgraphs import ACCOUNTS, strawberry_app
from tests.server.subscription_stack import SUPERGRAPH, UPSTREAM, events_app
from tests.support.servers import serve_in_thread

SECRET = "s" * 40
WAIT = 20.0


class TokenAuthenticator:
    """`Bearer good` is user 1; any other token is refused; none is anonymous."""

    async def authenticate(self, headers: Mapping[str, str]) -> Identity | Refusal:
        value = headers.get("authorization")
        if value is None:
            return Identity()
        if value == "Bearer good":
            return Identity(claims={"sub": "user-1"})
        return refusal("The token is invalid.", "UNAUTHENTICATED")


@pytest.fixture(scope="module")
def gateway_url() -> Iterator[str]:
    with contextlib.ExitStack() as stack:
        accounts = stack.enter_context(serve_in_thread(strawberry_app(ACCOUNTS)))
        events = stack.enter_context(serve_in_thread(events_app()))
        sdl = SUPERGRAPH.replace("{accounts}", f"{accounts}/graphql").replace(
            "{events}", f"{events}/graphql"
        )
        headers = HeaderPropagation(
            HeadersConfig(),
            auth=AuthConfig(),
            request_id_header="x-request-id",
            env={"GATEWAY_SHARED_SECRET": SECRET},
        )
        gateway = gateway_from_sdl(sdl, stages=PipelineStages(headers=headers))
        assert isinstance(gateway, Gateway), gateway
        gateway.authenticator = TokenAuthenticator()
        config = GatewayConfig(subscriptions=SubscriptionsConfig(max_per_connection=2))
        base = stack.enter_context(serve_in_thread(create_app(gateway, config)))
        yield base.replace("http://", "ws://") + "/graphql"


def _client(url: str, token: str | None = "good") -> Client:  # noqa: S107 - a test token
    payload = {} if token is None else {"Authorization": f"Bearer {token}"}
    transport = WebsocketsTransport(url=url, init_payload=payload, ack_timeout=WAIT)
    return Client(transport=transport, fetch_schema_from_transport=False)


REVIEWS = gql("subscription { reviewAdded(count: 3) { body author { id name } } }")


async def test_each_event_is_completed_with_a_field_of_another_subgraph(gateway_url: str) -> None:
    async with asyncio.timeout(WAIT), _client(gateway_url) as session:
        events = [event async for event in session.subscribe(REVIEWS)]
    assert events == [
        {"reviewAdded": {"body": "review 0", "author": {"id": "1", "name": "Ada"}}},
        {"reviewAdded": {"body": "review 1", "author": {"id": "2", "name": "Grace"}}},
        {"reviewAdded": {"body": "review 2", "author": {"id": "1", "name": "Ada"}}},
    ]


async def test_queries_over_the_socket_are_answered_once(gateway_url: str) -> None:
    async with asyncio.timeout(WAIT), _client(gateway_url) as session:
        result = await session.execute(gql("{ me { name } ok }"))
    assert result == {"me": {"name": "Ada"}, "ok": True}


async def test_an_anonymous_subscriber_is_refused_by_the_subgraph(gateway_url: str) -> None:
    async with asyncio.timeout(WAIT), _client(gateway_url, token=None) as session:
        with pytest.raises(TransportQueryError) as refused:
            async for _ in session.subscribe(REVIEWS):
                pass
    assert "sign in first" in str(refused.value)


async def test_an_invalid_token_closes_the_connection_4403(gateway_url: str) -> None:
    with pytest.raises(Exception) as closed:  # noqa: PT011 - gql wraps the close in several types
        async with asyncio.timeout(WAIT), _client(gateway_url, token="forged") as session:
            await session.execute(gql("{ ok }"))
    cause: Any = closed.value
    while cause is not None and getattr(cause, "rcvd", None) is None:
        cause = cause.__cause__ or cause.__context__
    assert cause is not None
    assert cause.rcvd.code == 4403


async def test_unsubscribing_completes_the_subscription_upstream(gateway_url: str) -> None:
    closed_before = UPSTREAM.closed
    forever = gql("subscription { reviewAdded(forever: true) { body } }")
    async with asyncio.timeout(WAIT), _client(gateway_url) as session:
        seen = 0
        async for _ in session.subscribe(forever):
            seen += 1
            if seen == 2:
                break
        while UPSTREAM.closed == closed_before:  # noqa: ASYNC110 - another thread changes it
            await asyncio.sleep(0.02)
    assert UPSTREAM.closed == closed_before + 1


async def test_an_upstream_error_reaches_the_client(gateway_url: str) -> None:
    failing = gql("subscription { reviewAdded(fail: true) { body } }")
    async with asyncio.timeout(WAIT), _client(gateway_url) as session:
        with pytest.raises(TransportQueryError) as failed:
            async for _ in session.subscribe(failing):
                pass
    assert "the event store is down" in str(failed.value)


async def test_the_per_connection_limit_refuses_one_more(gateway_url: str) -> None:
    forever = gql("subscription { reviewAdded(forever: true) { body } }")
    async with asyncio.timeout(WAIT), _client(gateway_url) as session:
        held = [session.subscribe(forever) for _ in range(2)]
        for stream in held:
            await anext(stream)
        with pytest.raises(TransportQueryError) as refused:
            async for _ in session.subscribe(forever):
                pass
        for stream in held:
            await stream.aclose()  # type: ignore[attr-defined]
    errors: Any = refused.value.errors
    assert errors[0]["extensions"]["code"] == "SUBSCRIPTION_LIMIT_EXCEEDED"
