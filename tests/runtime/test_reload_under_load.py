"""Hot reload under load, over real sockets: clients hammer the gateway while its supergraph file
is rewritten, alternating two valid versions with one invalid write in the middle.

No request may fail, every answer must come from one of the two versions, the invalid write is
logged and never served, and the last version written ends up in effect.  Each swap between the
versions also replaces the subgraph pools (version B reaches the subgraphs by other URLs), so
the old pools are retired while requests are still using them.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.server import Gateway, create_app, gateway_from_sdl
from gateway.server.runtime.pools import TrackedClient
from gateway.server.runtime.reload import SupergraphWatcher
from gateway.server.runtime.sources import FileSource
from tests.support.servers import serve_in_thread

from .conftest import Subgraphs
from .standins import INVALID_SDL, supergraph, where_of
from .waiting import until

CLIENTS = 6
# Answers each version must serve while the next reload is pending, so swaps happen under load.
ANSWERS_PER_VERSION = 150
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]
WRITES = ("B", "A", "B", "A", "B", "invalid", "A", "B", "A", "B")
SWAPS = len(WRITES) - 1


def started_with(app: ASGIApp, gateway: Gateway) -> ASGIApp:
    """`app` whose lifespan startup also starts the gateway (idempotent if the app does too)."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return

        async def receive_and_start() -> Any:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await gateway.start()
            return message

        await app(scope, receive_and_start, send)

    return wrapped


def _id(sdl: str) -> str:
    return hashlib.sha256(sdl.encode()).hexdigest()


def _reached(answers: Counter[str], wanted: int) -> bool:
    return sum(answers.values()) >= wanted


async def _write_and_wait(
    path: Path, version: str, sdl: str, gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    """Writes `sdl` as a careless editor would (truncate, write) and waits for the watcher."""
    await asyncio.to_thread(path.write_text, sdl)
    short = _id(sdl)[:12]
    if version == "invalid":
        await until(
            lambda: any(
                "supergraph refused" in r.getMessage() and short in r.getMessage()
                for r in caplog.records
            ),
            "the invalid write to be refused",
        )
    else:
        await until(
            lambda: gateway.pipeline.supergraph.id == _id(sdl), f"version {version} to be applied"
        )


async def test_reloads_under_load_fail_no_request(
    standins: Subgraphs, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A little latency keeps requests in flight across every swap.
    standins.alpha.delay = standins.beta.delay = 0.003
    sdl = {v: supergraph(v, standins.alpha_url, standins.beta_url) for v in ("A", "B")}
    sdl["invalid"] = INVALID_SDL
    path = tmp_path / "supergraph.graphql"
    path.write_text(sdl["A"])
    gateway = gateway_from_sdl(sdl["A"])
    assert isinstance(gateway, Gateway), gateway
    gateway.add_service(SupergraphWatcher(gateway, source=FileSource(path), poll_interval=0.02))
    answers: Counter[str] = Counter()
    failures: list[str] = []
    done = asyncio.Event()
    expected = {where_of(v): {"data": {"where": where_of(v)}} for v in ("A", "B")}

    async def hammer(http: httpx.AsyncClient) -> None:
        while not done.is_set():
            try:
                response = await http.post("/graphql", json={"query": "{ where }"})
                body = response.json()
            except (httpx.HTTPError, ValueError) as error:
                failures.append(f"{type(error).__name__}: {error}")
                continue
            where = str((body.get("data") or {}).get("where"))
            if response.status_code == 200 and body == expected.get(where):
                answers[where] += 1
            else:
                failures.append(f"{response.status_code} {body}")

    app = started_with(create_app(gateway), gateway)
    with (
        caplog.at_level(logging.INFO, logger="gateway.server.runtime.reload"),
        serve_in_thread(app) as base,
    ):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            clients = [asyncio.ensure_future(hammer(http)) for _ in range(CLIENTS)]
            try:
                for version in WRITES:
                    await _write_and_wait(path, version, sdl[version], gateway, caplog)
                    wanted = sum(answers.values()) + ANSWERS_PER_VERSION
                    await until(partial(_reached, answers, wanted), "traffic after the write")
            finally:
                done.set()
                await asyncio.gather(*clients)
            final = await http.post("/graphql", json={"query": "{ where }"})
            # Every pool a swap replaced closes once its last request has ended.
            retired = [c for c in gateway._retired if isinstance(c, TrackedClient)]
            assert len(retired) == SWAPS
            await until(
                lambda: all(c.active == 0 and c.open_connections() == 0 for c in retired),
                "the retired pools to close",
            )

    assert failures == []
    assert answers["alpha"] > 0
    assert answers["beta"] > 0
    assert final.json() == {"data": {"where": "beta"}}
    assert gateway.pipeline.supergraph.id == _id(sdl["B"])
    messages = [r.getMessage() for r in caplog.records]
    assert not any(_id(INVALID_SDL)[:12] in m for m in messages if "reloaded" in m)
    # Every swap is logged with the old and the new version's id.
    reloads = [m for m in messages if "supergraph reloaded" in m]
    assert len(reloads) == SWAPS
    assert f"{_id(sdl['A'])[:12]} -> {_id(sdl['B'])[:12]}" in reloads[-1]
