"""Graceful shutdown of `python -m gateway serve`: SIGTERM during a slow request.

The request in flight completes with 200, the port stops accepting new connections at once, and
the process exits 0 after closing its pools.  The slow subgraph holds the request until the test
releases it, so nothing here depends on timing.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from tests.support.servers import free_port, wait_healthy

from .conftest import Subgraphs
from .standins import supergraph
from .waiting import until_sync

REPO = Path(__file__).resolve().parents[2]


def _refuses_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            return False
    except ConnectionRefusedError:
        return True


def test_sigterm_drains_the_request_in_flight_and_exits_cleanly(
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
    )
    answers: list[httpx.Response | Exception] = []

    def slow_request() -> None:
        try:
            answers.append(httpx.post(f"{base}/graphql", json={"query": "{ slow }"}, timeout=120))
        except httpx.HTTPError as error:
            answers.append(error)

    client = threading.Thread(target=slow_request)
    try:
        wait_healthy(f"{base}/health", proc=process)
        client.start()
        until_sync(standins.alpha.slow_arrived.is_set, "the slow request to reach the subgraph")
        process.send_signal(signal.SIGTERM)
        until_sync(lambda: _refuses_connections(port), "the port to stop accepting")
        assert client.is_alive()  # still in flight while the server no longer accepts
        standins.alpha.release.set()
        client.join(timeout=120)
        process.wait(timeout=120)
    finally:
        standins.alpha.release.set()
        if process.poll() is None:
            process.kill()
            process.wait()
        log_file.close()
        client.join(timeout=120)
    [answer] = answers
    assert isinstance(answer, httpx.Response), answer
    assert answer.status_code == 200
    assert answer.json() == {"data": {"slow": "done"}}
    log = log_path.read_text(errors="replace")
    assert process.returncode == 0, log
    assert "Traceback" not in log
    assert "Unclosed" not in log
