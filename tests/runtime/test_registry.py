"""The supergraph from the schema registry: start-up, hot swap, the cache file, refusals, /ready.

The registry is `tests.support.fake_registry` on a real socket; the gateway is built from its
configuration as `serve` builds it (`build_app`) and answers in-process, with its services
(the registry watcher) running on the test's loop.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from gateway.config import GatewayConfig, RegistryConfig, SupergraphConfig
from gateway.server import Gateway
from gateway.server.factory import StartFailure, build_app
from gateway.server.http.app import GatewayApp
from gateway.server.runtime.sources import SupergraphOrigin
from gateway.server.runtime.supergraph_cache import SupergraphCache
from tests.support.fake_registry import TOKEN, TOKEN_ENV, FakeRegistry, running_registry
from tests.support.servers import free_port

from .conftest import Subgraphs
from .standins import INVALID_SDL, supergraph
from .waiting import until

REPO = Path(__file__).resolve().parents[2]
RUNTIME_LOGGER = "gateway.server.runtime"


def _id(sdl: str) -> str:
    return hashlib.sha256(sdl.encode()).hexdigest()


def _cached_version(cache: Path) -> object:
    try:
        return orjson.loads(cache.with_name(cache.name + ".json").read_bytes())["version"]
    except (OSError, orjson.JSONDecodeError):
        return None


@pytest.fixture
def registry() -> Iterator[tuple[FakeRegistry, str]]:
    fake = FakeRegistry()
    with running_registry(fake) as base:
        yield fake, base


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)


def _config(base: str, cache: Path | None, **registry: Any) -> GatewayConfig:
    settings = {"poll_seconds": 0.05, **registry}
    cache_file = None if cache is None else str(cache)
    return GatewayConfig(
        supergraph=SupergraphConfig(
            registry=RegistryConfig(url=base, graph="tutorgraph", cache_file=cache_file, **settings)
        )
    )


class Running:
    def __init__(self, app: GatewayApp) -> None:
        self.app = app
        self.gateway: Gateway = app.gateway
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gw"
        )

    async def where(self) -> object:
        response = await self.client.post("/graphql", json={"query": "{ where }"})
        assert response.status_code == 200, response.text
        return response.json()["data"]["where"]

    async def ready(self) -> dict[str, Any]:
        body: dict[str, Any] = (await self.client.get("/ready")).json()
        return body


@pytest.fixture
async def start() -> AsyncIterator[Any]:
    """Builds the app for a configuration and starts its services; stops them afterwards."""
    started: list[Running] = []

    async def run(config: GatewayConfig) -> Running:
        app = build_app(config)
        assert isinstance(app, GatewayApp), app
        running = Running(app)
        await running.gateway.start()
        started.append(running)
        return running

    yield run
    for running in started:
        await running.client.aclose()
        await running.gateway.close()


async def test_the_gateway_starts_from_the_registry_with_its_token_and_keeps_a_copy(
    standins: Subgraphs,
    registry: tuple[FakeRegistry, str],
    start: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, base = registry
    sdl = supergraph("A", standins.alpha_url, standins.beta_url)
    fake.publish(sdl, "1")
    monkeypatch.chdir(tmp_path)  # the cache's default place is under the working directory
    running = await start(_config(base, None, poll_seconds=0))
    assert await running.where() == "alpha"
    assert await running.ready() == {
        "status": "ready",
        "supergraph": {"source": "registry", "version": "1", "etag": fake.etag, "id": _id(sdl)},
    }
    [asked] = fake.supergraph_requests
    assert asked.authorization == f"Bearer {TOKEN}"
    cached = SupergraphCache(tmp_path / ".data" / "registry" / "tutorgraph@current.graphql").read()
    assert cached is not None
    assert cached.sdl == sdl
    assert cached.origin == SupergraphOrigin(source="cache", version="1", etag=fake.etag)


async def test_a_new_registry_version_is_swapped_in_and_cached(
    standins: Subgraphs, registry: tuple[FakeRegistry, str], start: Any, tmp_path: Path
) -> None:
    fake, base = registry
    cache = tmp_path / "supergraph.graphql"
    fake.publish(supergraph("A", standins.alpha_url, standins.beta_url), "1")
    running = await start(_config(base, cache))
    assert await running.where() == "alpha"
    etag_a = fake.etag
    await until(
        lambda: any(
            r.if_none_match == etag_a and r.status == 304 for r in fake.supergraph_requests
        ),
        "a poll answered 304 for the version serving",
    )
    sdl_b = supergraph("B", standins.alpha_url, standins.beta_url)
    fake.publish(sdl_b, "2")
    await until(lambda: running.gateway.pipeline.supergraph.id == _id(sdl_b), "version 2")
    assert await running.where() == "beta"
    assert (await running.ready())["supergraph"]["version"] == "2"
    # Kept after the swap, off the event loop.
    await until(lambda: _cached_version(cache) == "2", "version 2 in the cache")
    assert cache.read_text() == sdl_b
    # An invalid version is refused: the last good one keeps serving and stays in the cache.
    fake.publish(INVALID_SDL, "3")
    await until(
        lambda: any(r.if_none_match == fake.etag for r in fake.supergraph_requests),
        "the invalid version to be fetched",
    )
    assert await running.where() == "beta"
    assert cache.read_text() == sdl_b


@pytest.mark.parametrize("outage", ["answers 500", "is not listening"])
async def test_a_registry_down_at_start_up_serves_the_cache_and_says_so(
    outage: str,
    standins: Subgraphs,
    registry: tuple[FakeRegistry, str],
    start: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, base = registry
    cache = tmp_path / "supergraph.graphql"
    sdl_a = supergraph("A", standins.alpha_url, standins.beta_url)
    SupergraphCache(cache).write(sdl_a, SupergraphOrigin(source="registry", version="7"))
    if outage == "answers 500":
        fake.supergraph_status = 500
    else:
        base = f"http://127.0.0.1:{free_port()}"
    with caplog.at_level(logging.WARNING, logger=RUNTIME_LOGGER):
        running = await start(_config(base, cache))
    [warning] = [r for r in caplog.records if "cached supergraph" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    assert "version 7" in warning.getMessage()
    assert str(cache) in warning.getMessage()
    assert await running.where() == "alpha"
    ready = await running.ready()
    assert ready["status"] == "ready"
    assert ready["supergraph"] == {
        "source": "cache",
        "version": "7",
        "etag": None,
        "id": _id(sdl_a),
    }
    if outage == "is not listening":
        return
    # The registry comes back with the same version: it now vouches for what serves.
    fake.publish(sdl_a, "7")
    fake.supergraph_status = None
    await until(lambda: running.gateway.origin.source == "registry", "the registry to answer")
    assert (await running.ready())["supergraph"]["source"] == "registry"
    fake.publish(supergraph("B", standins.alpha_url, standins.beta_url), "8")
    await until(lambda: running.gateway.origin.version == "8", "version 8")
    assert await running.where() == "beta"


@pytest.mark.parametrize("trouble", ["not listening", "500", "404", "401"])
def test_no_registry_supergraph_and_no_cache_is_a_clear_start_failure(
    trouble: str, registry: tuple[FakeRegistry, str], tmp_path: Path
) -> None:
    fake, base = registry
    fake.publish("type Query { a: Int }", "1")
    if trouble == "not listening":
        base = f"http://127.0.0.1:{free_port()}"
    elif trouble == "500":
        fake.supergraph_status = 500
    elif trouble == "404":
        fake.sdl = None
    else:
        fake.token = "rotated"
    cache = tmp_path / "nothing-here.graphql"
    failure = build_app(_config(base, cache))
    assert isinstance(failure, StartFailure)
    assert failure.exit_code == 1
    assert "the registry gave no supergraph for tutorgraph@current" in failure.message
    assert f"no cached copy at {cache}" in failure.message
    expected = {
        "not listening": "cannot be reached",
        "500": "answered 500",
        "404": "no supergraph for tutorgraph@current yet (404)",
        "401": f"refused the token in {TOKEN_ENV}",
    }[trouble]
    assert expected in failure.message
    assert TOKEN not in failure.message


def test_serve_exits_1_naming_the_registry_and_the_cache(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    config = tmp_path / "gateway.yaml"
    config.write_text(
        f"supergraph:\n  registry: {{url: '{base}', graph: tutorgraph, cache_file: none.graphql}}\n"
    )
    finished = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--config", str(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, TOKEN_ENV: TOKEN},
        check=False,
    )
    assert finished.returncode == 1, finished.stderr
    assert "error: the registry gave no supergraph for tutorgraph@current" in finished.stderr
    assert str(tmp_path / "none.graphql") in finished.stderr


async def test_a_refused_token_is_logged_and_the_gateway_keeps_serving(
    standins: Subgraphs,
    registry: tuple[FakeRegistry, str],
    start: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, base = registry
    sdl_a = supergraph("A", standins.alpha_url, standins.beta_url)
    fake.publish(sdl_a, "1")
    running = await start(_config(base, tmp_path / "cache.graphql"))
    with caplog.at_level(logging.INFO, logger=RUNTIME_LOGGER):
        fake.token = "rotated"
        await until(
            lambda: any(r.status == 401 for r in fake.supergraph_requests), "a refused poll"
        )
        await until(lambda: any(r.levelno == logging.ERROR for r in caplog.records), "the log")
        assert await running.where() == "alpha"
        ready = await running.ready()
        assert ready["status"] == "ready"
        assert ready["supergraph"]["version"] == "1"
        fake.token = TOKEN
        fake.publish(supergraph("B", standins.alpha_url, standins.beta_url), "2")
        await until(lambda: running.gateway.origin.version == "2", "version 2 after the fix")
    # One line per refused poll; the first says it all.
    error = next(r for r in caplog.records if r.levelno == logging.ERROR)
    message = error.getMessage()
    assert "refused the gateway's credentials" in message
    assert f"the registry refused the token in {TOKEN_ENV} for tutorgraph@current (401)" in message
    assert f"still serving {_id(sdl_a)[:12]}" in message
    assert "rotated" not in message
    assert TOKEN not in caplog.text
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert await running.where() == "beta"


async def test_ready_names_a_supergraph_file(standins: Subgraphs, tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    sdl = supergraph("A", standins.alpha_url, standins.beta_url)
    path.write_text(sdl)
    app = build_app(GatewayConfig(supergraph=SupergraphConfig(file=str(path))))
    assert isinstance(app, GatewayApp), app
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gw"
    ) as client:
        body = (await client.get("/ready")).json()
    await app.gateway.close()
    assert body == {
        "status": "ready",
        "supergraph": {"source": "file", "version": None, "etag": None, "id": _id(sdl)},
    }
