"""`SupergraphWatcher`: what one poll does, the log lines, backoff, and the background task."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading

import pytest

from gateway.pipeline import RequestPipeline
from gateway.server import Gateway, gateway_from_sdl
from gateway.server.runtime.gateway import Build
from gateway.server.runtime.pools import TrackedClient
from gateway.server.runtime.reload import (
    Applied,
    Refused,
    SupergraphWatcher,
    Unavailable,
    Unchanged,
)
from gateway.server.runtime.sources import Fetched, Poll, Unreachable
from gateway.supergraph import SupergraphError
from gateway.transport import SubgraphHttpClient

from .standins import INVALID_SDL, supergraph
from .waiting import until

ALPHA = "http://127.0.0.1:9/alpha"
BETA = "http://127.0.0.1:9/beta"
SDL_A = supergraph("A", ALPHA, BETA)
SDL_B = supergraph("B", ALPHA, BETA)
RELOAD_LOGGER = "gateway.server.runtime.reload"


def _id(sdl: str) -> str:
    return hashlib.sha256(sdl.encode()).hexdigest()


class ScriptedSource:
    """Answers polls from a script, then `Unchanged` forever."""

    description = "scripted"

    def __init__(self, *polls: Poll) -> None:
        self.polls = list(polls)
        self.closed = False
        self.count = 0

    async def poll(self) -> Poll:
        self.count += 1
        return self.polls.pop(0) if self.polls else Unchanged()

    async def close(self) -> None:
        self.closed = True


def _gateway(sdl: str = SDL_A) -> Gateway:
    gateway = gateway_from_sdl(sdl)
    assert isinstance(gateway, Gateway), gateway
    return gateway


async def test_check_applies_a_new_supergraph_and_logs_both_ids(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gateway = _gateway()
    old_pipeline = gateway.pipeline
    watcher = SupergraphWatcher(gateway, source=ScriptedSource(Fetched(sdl=SDL_B)))
    with caplog.at_level(logging.INFO, logger=RELOAD_LOGGER):
        outcome = await watcher.check()
    assert outcome == Applied(old_id=_id(SDL_A), new_id=_id(SDL_B))
    assert gateway.pipeline is not old_pipeline
    assert gateway.pipeline.supergraph.id == _id(SDL_B)
    [line] = [r.getMessage() for r in caplog.records if "reloaded" in r.getMessage()]
    assert _id(SDL_A)[:12] in line
    assert _id(SDL_B)[:12] in line
    await gateway.close()


async def test_invalid_sdl_is_refused_once_and_the_old_supergraph_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gateway = _gateway()
    pipeline = gateway.pipeline
    source = ScriptedSource(*(Fetched(sdl=INVALID_SDL) for _ in range(3)))
    watcher = SupergraphWatcher(gateway, source=source)
    with caplog.at_level(logging.INFO, logger=RELOAD_LOGGER):
        outcomes = [await watcher.check() for _ in range(3)]
    assert isinstance(outcomes[0], Refused)
    assert outcomes[0].supergraph_id == _id(INVALID_SDL)
    assert "invalid supergraph SDL" in outcomes[0].reason
    assert outcomes[1:] == [Unchanged(), Unchanged()]
    assert gateway.pipeline is pipeline
    refusals = [r for r in caplog.records if "supergraph refused" in r.getMessage()]
    assert len(refusals) == 1
    assert refusals[0].levelno == logging.WARNING
    assert "invalid supergraph SDL" in refusals[0].getMessage()
    await gateway.close()


async def test_a_fixed_supergraph_after_a_refusal_is_applied() -> None:
    gateway = _gateway()
    source = ScriptedSource(Fetched(sdl=INVALID_SDL), Fetched(sdl=SDL_B))
    watcher = SupergraphWatcher(gateway, source=source)
    assert isinstance(await watcher.check(), Refused)
    assert isinstance(await watcher.check(), Applied)
    assert watcher.refused_id is None
    await gateway.close()


async def test_the_sdl_already_serving_is_not_rebuilt() -> None:
    gateway = _gateway()
    calls: list[str] = []
    assert gateway.build is not None
    real = gateway.build

    def counting(
        sdl: str, current: SubgraphHttpClient | None
    ) -> tuple[RequestPipeline, SubgraphHttpClient] | SupergraphError:
        calls.append(sdl)
        return real(sdl, current)

    watcher = SupergraphWatcher(gateway, source=ScriptedSource(Fetched(sdl=SDL_A)), build=counting)
    assert await watcher.check() == Unchanged()
    assert calls == []
    await gateway.close()


async def test_building_runs_off_the_event_loop() -> None:
    gateway = _gateway()
    assert gateway.build is not None
    real = gateway.build
    threads: list[int] = []

    def recording(
        sdl: str, current: SubgraphHttpClient | None
    ) -> tuple[RequestPipeline, SubgraphHttpClient] | SupergraphError:
        threads.append(threading.get_ident())
        return real(sdl, current)

    watcher = SupergraphWatcher(gateway, source=ScriptedSource(Fetched(sdl=SDL_B)), build=recording)
    assert isinstance(await watcher.check(), Applied)
    assert threads
    assert threads[0] != threading.get_ident()
    await gateway.close()


async def test_a_build_that_raises_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    gateway = _gateway()
    pipeline = gateway.pipeline

    def broken(
        sdl: str, current: SubgraphHttpClient | None
    ) -> tuple[RequestPipeline, SubgraphHttpClient] | SupergraphError:
        raise RuntimeError("planner bug")

    watcher = SupergraphWatcher(gateway, source=ScriptedSource(Fetched(sdl=SDL_B)), build=broken)
    with caplog.at_level(logging.INFO, logger=RELOAD_LOGGER):
        outcome = await watcher.check()
    assert isinstance(outcome, Refused)
    assert "RuntimeError" in outcome.reason
    assert gateway.pipeline is pipeline
    assert any("supergraph refused" in r.getMessage() for r in caplog.records)
    await gateway.close()


async def test_unchanged_urls_keep_the_subgraph_client() -> None:
    gateway = _gateway()
    client = gateway.client
    # Same URLs as SDL_A, one more field: the pools are reused.
    sdl = SDL_A.replace("slow: String", "slow: String\n  other: String @join__field(graph: BETA)")
    watcher = SupergraphWatcher(gateway, source=ScriptedSource(Fetched(sdl=sdl)))
    assert isinstance(await watcher.check(), Applied)
    assert gateway.client is client
    assert isinstance(client, TrackedClient)
    assert not client.retired
    await gateway.close()


async def test_new_urls_get_a_new_client_and_retire_the_old_one() -> None:
    gateway = _gateway()
    old = gateway.client
    watcher = SupergraphWatcher(gateway, source=ScriptedSource(Fetched(sdl=SDL_B)))
    assert isinstance(await watcher.check(), Applied)
    assert gateway.client is not old
    assert gateway.client.endpoints == {
        "alpha": ALPHA + "?generation=b",
        "beta": BETA + "?generation=b",
    }
    assert isinstance(old, TrackedClient)
    assert old.retired
    await gateway.close()


async def test_an_unreachable_source_is_logged_and_polled_with_backoff(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gateway = _gateway()
    source = ScriptedSource(*(Unreachable(reason="connection refused") for _ in range(8)))
    watcher = SupergraphWatcher(gateway, source=source, poll_interval=1.0, max_backoff=10.0)
    with caplog.at_level(logging.INFO, logger=RELOAD_LOGGER):
        delays = []
        for _ in range(5):
            outcome = await watcher.check()
            assert outcome == Unavailable(reason="connection refused")
            delays.append(watcher._delay())
        assert delays == [2.0, 4.0, 8.0, 10.0, 10.0]
        warnings = [r for r in caplog.records if "source unreachable" in r.getMessage()]
        assert len(warnings) == 5
        assert "connection refused" in warnings[0].getMessage()
        source.polls.clear()
        assert await watcher.check() == Unchanged()
    assert watcher._delay() == 1.0
    assert any("answers again" in r.getMessage() for r in caplog.records)
    await gateway.close()


async def test_the_watcher_polls_in_the_background_until_the_gateway_closes() -> None:
    gateway = _gateway()
    source = ScriptedSource(Fetched(sdl=SDL_B))
    watcher = SupergraphWatcher(gateway, source=source, poll_interval=0.01)
    gateway.add_service(watcher)
    await gateway.start()
    await gateway.start()  # idempotent: one polling task
    await until(lambda: gateway.pipeline.supergraph.id == _id(SDL_B), "the reload")
    await gateway.close()
    assert source.closed
    polls = source.count
    await asyncio.sleep(0.05)
    assert source.count == polls


async def test_polling_interval_zero_never_polls() -> None:
    gateway = _gateway()
    source = ScriptedSource(Fetched(sdl=SDL_B))
    gateway.add_service(SupergraphWatcher(gateway, source=source, poll_interval=0))
    await gateway.start()
    await asyncio.sleep(0.02)
    assert source.count == 0
    await gateway.close()


def test_a_watcher_needs_a_build() -> None:
    gateway = _gateway()
    gateway.build = None
    with pytest.raises(ValueError, match="needs a build"):
        SupergraphWatcher(gateway, source=ScriptedSource())


def test_build_type_is_what_gateway_from_sdl_keeps() -> None:
    gateway = _gateway()
    build: Build | None = gateway.build
    assert build is not None
    built = build(SDL_B, gateway.client)
    assert not isinstance(built, SupergraphError)
    pipeline, client = built
    assert pipeline.supergraph.id == _id(SDL_B)
    assert client is not gateway.client
    assert isinstance(build(INVALID_SDL, None), SupergraphError)


async def test_a_swap_made_elsewhere_during_the_build_is_not_overwritten_blindly() -> None:
    gateway = _gateway()
    assert gateway.build is not None
    real = gateway.build
    entered, proceed = threading.Event(), threading.Event()
    clients: list[SubgraphHttpClient | None] = []

    def held(
        sdl: str, current: SubgraphHttpClient | None
    ) -> tuple[RequestPipeline, SubgraphHttpClient] | SupergraphError:
        clients.append(current)
        entered.set()
        proceed.wait(timeout=60)
        return real(sdl, current)

    sdl_c = SDL_A.replace("slow: String", "slow: String\n  other: String @join__field(graph: BETA)")
    watcher = SupergraphWatcher(gateway, source=ScriptedSource(Fetched(sdl=sdl_c)), build=held)
    check = asyncio.ensure_future(watcher.check())
    await until(entered.is_set, "the build to start")
    elsewhere = real(SDL_B, gateway.client)
    assert not isinstance(elsewhere, SupergraphError)
    gateway.swap(*elsewhere)
    proceed.set()
    outcome = await check
    # Built again from the pipeline and pools serving after the other swap, then applied.
    assert outcome == Applied(old_id=_id(SDL_B), new_id=_id(sdl_c))
    assert clients[1] is elsewhere[1]
    assert gateway.pipeline.supergraph.id == _id(sdl_c)
    await gateway.close()
