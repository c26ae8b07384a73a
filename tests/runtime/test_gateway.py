"""`Gateway` lifecycle: services start and stop with it, `close` releases every pool once."""

from __future__ import annotations

import asyncio

from gateway.request import GraphQLRequest
from gateway.server import Gateway, gateway_from_sdl
from gateway.server.runtime.pools import TrackedClient
from gateway.transport import SubgraphHttpClient

from .conftest import Subgraphs
from .standins import supergraph
from .waiting import until


class Recorder:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    async def start(self) -> None:
        self.log.append(f"start {self.name}")

    async def stop(self) -> None:
        self.log.append(f"stop {self.name}")


class Broken(Recorder):
    async def stop(self) -> None:
        raise RuntimeError("cannot stop")


def _gateway(subgraphs: Subgraphs, version: str = "A") -> Gateway:
    gateway = gateway_from_sdl(supergraph(version, subgraphs.alpha_url, subgraphs.beta_url))
    assert isinstance(gateway, Gateway), gateway
    return gateway


async def test_services_start_in_order_and_stop_in_reverse(standins: Subgraphs) -> None:
    log: list[str] = []
    gateway = _gateway(standins)
    gateway.add_service(Recorder("watcher", log))
    gateway.add_service(Recorder("jwks", log))

    async def closed() -> None:
        log.append("on_close")

    gateway.on_close(closed)
    await gateway.start()
    await gateway.start()
    await gateway.close()
    await gateway.close()
    assert log == ["start watcher", "start jwks", "stop jwks", "stop watcher", "on_close"]


async def test_a_failing_service_does_not_stop_the_shutdown(standins: Subgraphs) -> None:
    log: list[str] = []
    gateway = _gateway(standins)
    gateway.add_service(Recorder("first", log))
    gateway.add_service(Broken("broken", log))
    await gateway.start()
    await gateway.close()
    assert log == ["start first", "start broken", "stop first"]


async def test_close_closes_the_current_and_the_retired_pools(standins: Subgraphs) -> None:
    gateway = _gateway(standins)
    first = gateway.client
    answer = await gateway.pipeline.execute(GraphQLRequest(query="{ where }"))
    assert answer.body == {"data": {"where": "alpha"}}
    assert first.open_connections() > 0
    replacement = _gateway(standins, version="B")
    gateway.swap(replacement.pipeline, replacement.client)
    assert isinstance(first, TrackedClient)
    assert first.retired
    answer = await gateway.pipeline.execute(GraphQLRequest(query="{ where }"))
    assert answer.body == {"data": {"where": "beta"}}
    await gateway.close()
    for client in (first, gateway.client):
        assert client.open_connections() == 0


async def test_an_untracked_client_is_closed_after_the_longest_timeout(
    standins: Subgraphs,
) -> None:
    built = _gateway(standins)
    plain = SubgraphHttpClient(dict(built.client.endpoints))
    gateway = Gateway(pipeline=built.pipeline, client=plain)
    replacement = _gateway(standins, version="B")
    gateway.swap(replacement.pipeline, replacement.client)
    # The default 30 s subgraph timeout bounds every fetch: the close is scheduled, not done.
    assert len(gateway._retiring) == 1
    await gateway.close()
    assert gateway._retiring == set()


async def test_a_request_in_flight_finishes_on_its_pipeline_after_a_swap(
    standins: Subgraphs,
) -> None:
    gateway = _gateway(standins)
    old_client = gateway.client
    assert isinstance(old_client, TrackedClient)
    request = asyncio.ensure_future(gateway.pipeline.execute(GraphQLRequest(query="{ slow }")))
    await until(standins.alpha.slow_arrived.is_set, "the request to reach the subgraph")
    replacement = _gateway(standins, version="B")
    gateway.swap(replacement.pipeline, replacement.client)
    answer = await gateway.pipeline.execute(GraphQLRequest(query="{ where }"))
    assert answer.body == {"data": {"where": "beta"}}
    assert old_client.retired
    assert old_client.active == 1
    standins.alpha.release.set()
    assert (await request).body == {"data": {"slow": "done"}}
    await old_client.drained()
    assert old_client.open_connections() == 0
    await gateway.close()
