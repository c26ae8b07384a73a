"""`python -m gateway serve` reloads its supergraph file while it runs, as configured.

This checks the wiring end to end: `gateway_from_config` adds the watcher, and the app's lifespan
startup must call `gateway.start()` for it to run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.servers import free_port, wait_healthy

from .conftest import Subgraphs
from .standins import INVALID_SDL, supergraph
from .waiting import until_sync

REPO = Path(__file__).resolve().parents[2]


def _where(base: str) -> object:
    response = httpx.post(f"{base}/graphql", json={"query": "{ where }"}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["data"]["where"]


def test_serve_applies_a_rewritten_supergraph_file_and_refuses_an_invalid_one(
    standins: Subgraphs, tmp_path: Path
) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(supergraph("A", standins.alpha_url, standins.beta_url))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "gateway.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--supergraph", str(path), "--port", str(port)],
        cwd=REPO,
        # A file, not a pipe: nobody reads a pipe until the end, and a full one blocks the server.
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env={**os.environ, "GATEWAY__SUPERGRAPH__POLL_INTERVAL_SECONDS": "0.05"},
    )
    try:
        wait_healthy(f"{base}/health", proc=process)
        assert _where(base) == "alpha"
        path.write_text(supergraph("B", standins.alpha_url, standins.beta_url))
        until_sync(lambda: _where(base) == "beta", "the gateway to serve version B")
        path.write_text(INVALID_SDL)
        until_sync(
            lambda: "supergraph refused" in log_path.read_text(errors="replace"),
            "the invalid file to be refused",
        )
        assert _where(base) == "beta"
        path.write_text(supergraph("A", standins.alpha_url, standins.beta_url))
        until_sync(lambda: _where(base) == "alpha", "the gateway to serve version A again")
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log_file.close()
    log = log_path.read_text(errors="replace")
    assert process.returncode == 0, log
    assert "supergraph reloaded" in log
    assert "supergraph refused" in log
    assert "Traceback" not in log
