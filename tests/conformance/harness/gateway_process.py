"""Start the gateway under test on a supergraph file and talk GraphQL over HTTP to it.

The command is a template (env `CONFORMANCE_GATEWAY_CMD`) with `{python}`, `{supergraph}`
and `{port}` placeholders, run from the repository root; by default our own gateway. Point it
at a reference JavaScript gateway to cross-check the expected responses.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_COMMAND = (
    "{python} -m gateway serve --supergraph {supergraph} --host 127.0.0.1 --port {port}"
)
# A bound on how long a cold start may take on a loaded 2-core machine, not a speed assertion.
STARTUP_LIMIT_SECONDS = float(os.environ.get("CONFORMANCE_STARTUP_LIMIT", "90"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(slots=True)
class GatewayProcess:
    """A running gateway: its base URL, process and log file."""

    base: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]

    def post(self, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(
            self.base + os.environ.get("CONFORMANCE_GATEWAY_PATH", "/graphql"),
            json=body,
            headers={"accept": "application/json"},
            timeout=60.0,
        )

    def log_tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def start_gateway(
    supergraph: Path, log_path: Path, extra_env: dict[str, str] | None = None
) -> GatewayProcess:
    """Start the gateway and wait for its health check; raises RuntimeError with its log."""
    port = _free_port()
    template = os.environ.get("CONFORMANCE_GATEWAY_CMD", DEFAULT_COMMAND)
    command = template.format(python=sys.executable, supergraph=supergraph, port=port)
    log = log_path.open("wb")
    # The scenarios introspect (production mode has introspection off); the gateway's
    # request limits stay at their production defaults.
    env = {**os.environ, "GATEWAY__INTROSPECTION": "true", **(extra_env or {})}
    process = subprocess.Popen(
        shlex.split(command), cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env
    )
    gateway = GatewayProcess(
        base=f"http://127.0.0.1:{port}", process=process, log_path=log_path, log=log
    )
    health = gateway.base + os.environ.get("CONFORMANCE_GATEWAY_HEALTH", "/health")
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while True:
        if process.poll() is not None:
            tail = gateway.log_tail()
            gateway.stop()
            raise RuntimeError(f"gateway exited with {process.returncode}: {command}\n{tail}")
        try:
            if httpx.get(health, timeout=2.0).status_code == 200:
                return gateway
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            tail = gateway.log_tail()
            gateway.stop()
            raise RuntimeError(f"gateway not healthy at {health}: {command}\n{tail}")
        time.sleep(0.1)


# Our gateway watching its supergraph file this often takes the next scenario in a fraction of
# a cold start (loading the gateway costs seconds; a reload, one build).
RELOAD_ENV = {"GATEWAY__SUPERGRAPH__POLL_INTERVAL_SECONDS": "0.05"}


def swap_supergraph(path: Path, sdl: str, log_path: Path, process: subprocess.Popen[bytes]) -> None:
    """Replace the supergraph file our running gateway watches (started with `RELOAD_ENV`) and
    wait until its log says the new one serves; RuntimeError when it refuses it or dies."""
    short = hashlib.sha256(sdl.encode()).hexdigest()[:12]
    seen = log_path.stat().st_size
    staged = path.with_name(path.name + ".next")
    staged.write_text(sdl)
    os.replace(staged, path)  # whole, never half written, when the watcher reads it
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while True:
        with log_path.open("rb") as log:
            log.seek(seen)
            said = log.read().decode(errors="replace")
        if f"-> {short}" in said:
            return
        if f"refused: {short}" in said or process.poll() is not None:
            raise RuntimeError(f"the gateway did not take supergraph {short}:\n{said[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the gateway did not reload to {short} in time:\n{said[-3000:]}")
        time.sleep(0.02)
