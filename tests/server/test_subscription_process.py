"""Subscriptions in `python -m gateway serve` itself, where the behaviour depends on the server
process: stopping it closes every WebSocket with 1001 (going away: reconnect elsewhere) sent by
the gateway, not the server's own code, with each subscription closed upstream and a clean
exit."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.server.subscription_stack import (
    JWT_SECRET,
    SHARED_SECRET,
    UPSTREAM,
    WAIT,
    graphql_socket,
    reviews,
    serve_subgraphs,
    until,
)
from tests.support.servers import free_port, wait_healthy

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def supergraph() -> Iterator[str]:
    with serve_subgraphs() as supergraph:
        yield supergraph


@dataclass(frozen=True, slots=True, kw_only=True)
class Serving:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    @property
    def ws(self) -> str:
        return self.base.replace("http://", "ws://") + "/graphql"


@contextlib.asynccontextmanager
async def _serve(supergraph: str, directory: Path, *flags: str) -> AsyncIterator[Serving]:
    path = directory / "supergraph.graphql"
    path.write_text(supergraph)
    port = free_port()
    log = directory / "gateway.log"
    env = {
        **os.environ,
        "JWT_SECRET": JWT_SECRET,
        "GATEWAY_SHARED_SECRET": SHARED_SECRET,
        "GATEWAY__TELEMETRY__LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "gateway", "serve", "--supergraph", str(path)]
    with log.open("wb") as log_file:
        # A file, not a pipe: nobody reads a pipe until the end, and a full one blocks the server.
        process = await asyncio.to_thread(
            subprocess.Popen,
            [*command, "--port", str(port), *flags],
            cwd=REPO,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            await asyncio.to_thread(wait_healthy, f"{base}/health", 60, process)
            yield Serving(process=process, base=base, log=log)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.to_thread(process.wait, WAIT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


async def test_stopping_the_server_closes_subscriptions_with_1001(
    supergraph: str, tmp_path: Path
) -> None:
    async with _serve(supergraph, tmp_path) as serving:
        async with (
            asyncio.timeout(WAIT),
            graphql_socket(serving.ws) as holding,
            graphql_socket(serving.ws) as idle,
        ):
            await holding.init()
            await idle.init()
            await holding.subscribe("1", reviews("shutdown", forever=True))
            assert (await holding.receive())["type"] == "next"
            serving.process.send_signal(signal.SIGTERM)
            codes = await asyncio.gather(holding.close_code(), idle.close_code())
            await until(lambda: UPSTREAM.ended("shutdown") == 1, "the upstream to end")
        returncode = await asyncio.to_thread(serving.process.wait, WAIT)
    log = serving.log.read_text(errors="replace")
    assert codes == [1001, 1001], log
    assert returncode == 0, log
    assert "Traceback" not in log
