"""`await gateway.ready()`: a supergraph is loaded and every subgraph answers `{ __typename }`."""

from __future__ import annotations

from gateway.server import Gateway, gateway_from_sdl
from tests.support.servers import free_port

from .conftest import Subgraphs
from .standins import supergraph


def _gateway(alpha: str, beta: str, version: str = "A") -> Gateway:
    gateway = gateway_from_sdl(supergraph(version, alpha, beta))
    assert isinstance(gateway, Gateway), gateway
    return gateway


async def test_ready_when_every_subgraph_answers(standins: Subgraphs) -> None:
    gateway = _gateway(standins.alpha_url, standins.beta_url)
    try:
        assert await gateway.ready()
        report = await gateway.probe.report()
        assert report.ready
        assert report.supergraph_id == gateway.pipeline.supergraph.id
        assert dict(report.failures) == {}
    finally:
        await gateway.close()


async def test_probes_are_cached_between_checks(standins: Subgraphs) -> None:
    gateway = _gateway(standins.alpha_url, standins.beta_url)
    gateway.probe.ttl = 3600.0
    try:
        before = standins.alpha.typename_calls
        assert await gateway.ready()
        assert await gateway.ready()
        assert await gateway.ready()
        assert standins.alpha.typename_calls == before + 1
    finally:
        await gateway.close()


async def test_an_expired_cache_probes_again(standins: Subgraphs) -> None:
    gateway = _gateway(standins.alpha_url, standins.beta_url)
    gateway.probe.ttl = 0.0
    try:
        before = standins.beta.typename_calls
        assert await gateway.ready()
        assert await gateway.ready()
        assert standins.beta.typename_calls == before + 2
    finally:
        await gateway.close()


async def test_not_ready_when_a_subgraph_fails(standins: Subgraphs) -> None:
    standins.beta.failing = True
    gateway = _gateway(standins.alpha_url, standins.beta_url)
    try:
        assert not await gateway.ready()
        report = await gateway.probe.report()
        assert list(report.failures) == ["beta"]
        assert "503" in report.failures["beta"]
    finally:
        await gateway.close()


async def test_not_ready_when_a_subgraph_is_down(standins: Subgraphs) -> None:
    down = f"http://127.0.0.1:{free_port()}/graphql"
    gateway = _gateway(standins.alpha_url, down)
    try:
        assert not await gateway.ready()
        assert list((await gateway.probe.report()).failures) == ["beta"]
    finally:
        await gateway.close()


async def test_a_reload_is_probed_afresh(standins: Subgraphs) -> None:
    down = f"http://127.0.0.1:{free_port()}/graphql"
    gateway = _gateway(standins.alpha_url, down)
    gateway.probe.ttl = 3600.0
    try:
        assert not await gateway.ready()
        fixed = _gateway(standins.alpha_url, standins.beta_url, version="B")
        gateway.swap(fixed.pipeline, fixed.client)
        assert await gateway.ready()
    finally:
        await gateway.close()


async def test_a_closing_gateway_is_not_ready(standins: Subgraphs) -> None:
    gateway = _gateway(standins.alpha_url, standins.beta_url)
    assert await gateway.ready()
    await gateway.close()
    assert not await gateway.ready()


async def test_a_given_readiness_check_replaces_the_probe(standins: Subgraphs) -> None:
    built = _gateway(standins.alpha_url, standins.beta_url)
    calls: list[str] = []

    async def never() -> bool:
        calls.append("asked")
        return False

    gateway = Gateway(pipeline=built.pipeline, client=built.client, readiness=never)
    try:
        assert not await gateway.ready()
        assert calls == ["asked"]
    finally:
        await gateway.close()
