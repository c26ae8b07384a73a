"""`TrackedClient`: a retired pool closes only once its calls in flight have finished."""

from __future__ import annotations

import asyncio

import pytest

from gateway.execution import SubgraphFetchError, SubgraphRequest
from gateway.server.runtime.pools import TrackedClient

from .conftest import Subgraphs
from .waiting import until


def _request(query: str) -> SubgraphRequest:
    return SubgraphRequest(service_name="alpha", query=query, variables={})


async def test_a_retired_client_finishes_its_call_in_flight_then_closes(
    standins: Subgraphs,
) -> None:
    client = TrackedClient({"alpha": standins.alpha_url})
    call = asyncio.ensure_future(client(_request("{ slow }")))
    await until(standins.alpha.slow_arrived.is_set, "the call to reach the subgraph")
    assert client.active == 1
    client.retire()
    await asyncio.sleep(0)  # a close scheduled now would start here
    assert client.open_connections() == 1
    standins.alpha.release.set()
    assert await call == {"data": {"slow": "done"}}
    await client.drained()
    assert client.active == 0
    assert client.open_connections() == 0


async def test_a_retired_client_without_calls_closes_at_once(standins: Subgraphs) -> None:
    client = TrackedClient({"alpha": standins.alpha_url})
    assert await client(_request("{ where }")) == {"data": {"where": "alpha"}}
    assert client.open_connections() == 1
    client.retire()
    await client.drained()
    assert client.open_connections() == 0


async def test_a_late_call_on_a_retired_client_works_and_closes_again(
    standins: Subgraphs,
) -> None:
    client = TrackedClient({"alpha": standins.alpha_url})
    client.retire()
    await client.drained()
    # A request of the old generation between two fetches of its plan.
    assert await client(_request("{ where }")) == {"data": {"where": "alpha"}}
    await client.drained()
    assert client.open_connections() == 0


async def test_a_failed_call_is_still_counted_out(standins: Subgraphs) -> None:
    standins.alpha.failing = True
    client = TrackedClient({"alpha": standins.alpha_url})
    with pytest.raises(SubgraphFetchError, match="503"):
        await client(_request("{ where }"))
    assert client.active == 0
    client.retire()
    await client.drained()
    assert client.open_connections() == 0
