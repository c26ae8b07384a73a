"""Gateway replicas sharing one port (`serve --reuse-port`), and a way to reach a given one.

The kernel picks the replica of each new connection.  `Fleet.on(instance)` opens fresh
connections until `/ready` on one of them names that instance (`server.instance_id`), then
hands over that very connection: whatever is sent on it reaches the same process.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parents[2]
# A bound for a hung test (three processes starting on a busy machine), not a speed check.
DEADLINE_SECONDS = 60.0


class Replica:
    """One open connection, to the replica that answered `/ready` on it."""

    def __init__(self, connection: http.client.HTTPConnection, ready: dict[str, Any]) -> None:
        self.connection = connection
        self.ready = ready
        self.instance: str = ready.get("instance", "")

    def post(self, payload: Mapping[str, object]) -> tuple[int, dict[str, Any]]:
        return _exchange(self.connection, "POST", "/graphql", orjson.dumps(payload))


def connect(port: int) -> Replica:
    """A fresh connection to whichever replica the kernel picks, asked who it is."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # Never reconnect behind the test's back: a new connection may reach another replica.
    connection.auto_open = 0
    try:
        connection.connect()
        _, ready = _exchange(connection, "GET", "/ready", None)
    except BaseException:
        connection.close()
        raise
    return Replica(connection, ready)


def _exchange(
    connection: http.client.HTTPConnection, method: str, path: str, body: bytes | None
) -> tuple[int, dict[str, Any]]:
    headers = {"accept": "application/json"}
    if body is not None:
        headers["content-type"] = "application/json"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    answer: dict[str, Any] = orjson.loads(response.read())
    return response.status, answer


@dataclass(slots=True)
class Fleet:
    port: int
    instances: tuple[str, ...]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)

    @contextlib.contextmanager
    def on(self, instance: str) -> Iterator[Replica]:
        """A connection that reached `instance`, closed afterwards."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        seen: set[str] = set()
        while True:
            self.check_running()
            try:
                replica = connect(self.port)
            except OSError:
                replica = None  # not listening yet
            if replica is not None:
                if replica.instance == instance:
                    try:
                        yield replica
                    finally:
                        replica.connection.close()
                    return
                seen.add(replica.instance)
                replica.connection.close()
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no connection reached {instance} in {DEADLINE_SECONDS:g}s "
                    f"(reached: {sorted(seen)})\n{self.log_tails()}"
                )
            if replica is None:
                time.sleep(0.1)

    def wait_until_all_answer(self) -> None:
        """Fresh connections until each replica has answered `/ready` at least once."""
        answered: set[str] = set()
        deadline = time.monotonic() + DEADLINE_SECONDS
        while answered != set(self.instances):
            self.check_running()
            try:
                replica = connect(self.port)
            except OSError:
                time.sleep(0.1)
            else:
                answered.add(replica.instance)
                replica.connection.close()
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"only {sorted(answered)} answered in {DEADLINE_SECONDS:g}s\n{self.log_tails()}"
                )

    def check_running(self) -> None:
        for instance, process in self.processes.items():
            if process.poll() is not None:
                raise AssertionError(
                    f"{instance} exited with {process.returncode}\n{self.log_tails()}"
                )

    def log_tails(self) -> str:
        return "\n".join(
            f"--- {instance}\n{path.read_text(errors='replace')[-3000:]}"
            for instance, path in self.logs.items()
        )

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def running_fleet(
    config: Path, port: int, instances: tuple[str, ...], env: Mapping[str, str], workdir: Path
) -> Iterator[Fleet]:
    """`python -m gateway serve --reuse-port` once per instance, every one on `port`."""
    fleet = Fleet(port=port, instances=instances)
    try:
        for instance in instances:
            log = workdir / f"{instance}.log"
            fleet.logs[instance] = log
            command = [sys.executable, "-m", "gateway", "serve", "--config", str(config)]
            command += ["--port", str(port), "--reuse-port", "--instance-id", instance]
            cache = workdir / f"{instance}-supergraph.graphql"
            with log.open("wb") as out:
                # A file, not a pipe: nobody reads a pipe until the end, and a full one blocks.
                fleet.processes[instance] = subprocess.Popen(
                    command,
                    cwd=REPO,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    env={
                        **os.environ,
                        **env,
                        "GATEWAY__SUPERGRAPH__REGISTRY__CACHE_FILE": str(cache),
                    },
                )
        fleet.wait_until_all_answer()
        yield fleet
    finally:
        fleet.stop()
