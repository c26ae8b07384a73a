"""Identical subscriptions from different clients share one upstream subscription, over real
sockets with the `gql` client; different arguments or users do not."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gql import gql
from gql.transport.exceptions import TransportQueryError

from tests.server.subscription_stack import UPSTREAM
from tests.server.test_subscriptions_over_websocket import WAIT, _client
from tests.server.test_subscriptions_over_websocket import gateway_url as gateway_url

FOREVER = "subscription { reviewAdded(forever: true) { body author { name } } }"


async def _wait_for(predicate: Any) -> None:
    async with asyncio.timeout(WAIT):
        while not predicate():  # noqa: ASYNC110 - the subgraph's thread changes the count
            await asyncio.sleep(0.02)


async def test_identical_subscriptions_share_one_upstream_subscription(gateway_url: str) -> None:
    open_before = UPSTREAM.open
    async with (
        asyncio.timeout(WAIT),
        _client(gateway_url) as first,
        _client(gateway_url) as second,
    ):
        one, two = first.subscribe(gql(FOREVER)), second.subscribe(gql(FOREVER))
        await anext(one)
        await anext(two)
        assert UPSTREAM.open == open_before + 1
        # Both see the same events, in order, with the other subgraph's field.
        seen_one = [(await anext(one))["reviewAdded"] for _ in range(3)]
        seen_two = [(await anext(two))["reviewAdded"] for _ in range(3)]
        for seen in (seen_one, seen_two):
            numbers = [int(event["body"].split()[1]) for event in seen]
            assert numbers == sorted(numbers)
            assert all(event["author"]["name"] in {"Ada", "Grace"} for event in seen)
        await one.aclose()  # type: ignore[attr-defined]
        await anext(two)  # the other subscriber goes on
        assert UPSTREAM.open == open_before + 1
        await two.aclose()  # type: ignore[attr-defined]
        await _wait_for(lambda: UPSTREAM.open == open_before)


async def test_different_arguments_or_users_do_not_share(gateway_url: str) -> None:
    open_before = UPSTREAM.open
    other_arguments = FOREVER.replace("forever: true", "forever: true, count: 7")
    async with (
        asyncio.timeout(WAIT),
        _client(gateway_url) as first,
        _client(gateway_url) as second,
        _client(gateway_url, token=None) as anonymous,
    ):
        one, two = first.subscribe(gql(FOREVER)), second.subscribe(gql(other_arguments))
        await anext(one)
        await anext(two)
        assert UPSTREAM.open == open_before + 2
        # The anonymous client is refused by the subgraph: it never joined the signed-in stream.
        with pytest.raises(TransportQueryError, match="sign in first"):
            await anext(anonymous.subscribe(gql(FOREVER)))
        await one.aclose()  # type: ignore[attr-defined]
        await two.aclose()  # type: ignore[attr-defined]
    await _wait_for(lambda: UPSTREAM.open == open_before)
