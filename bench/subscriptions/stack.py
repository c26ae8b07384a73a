"""The processes under test: the subgraphs on the load core, our gateway on its own core.

Ports are free ones picked at start, so a run never collides with another bench (or a test)
on the machine; the supergraph is composed for them (`bench.subscriptions.supergraph`) and
written next to the logs.  With two cores the gateway gets CPU 1 and everything else CPU 0, as
in `bench/run.py`; with one, everything shares it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.runner.processes import Pinned, wait_for_port
from bench.runner.targets import REPO
from bench.subscriptions.supergraph import compose_supergraph

__all__ = ["CONFIG", "Cpus", "Stack", "cpus", "free_port", "started_stack"]

CONFIG = Path(__file__).resolve().parent / "gateway.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cpus:
    gateway: int
    load: int


def cpus() -> Cpus:
    available = sorted(os.sched_getaffinity(0))
    load = available[0]
    return Cpus(gateway=available[1] if len(available) > 1 else load, load=load)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(slots=True, kw_only=True)
class Stack:
    cpus: Cpus
    logs: Path
    events_base: str  # http://127.0.0.1:<port>: /emit, /subscribers, /graphql
    catalog_base: str  # http://127.0.0.1:<port>: /catalog, /stats
    supergraph: Path
    heavy: bool  # the heavy query's subgraphs are in the supergraph
    pids: dict[str, int]  # the subgraph processes by role: events, catalog (, heavy)

    def start_gateway(self, name: str, *, probe_dir: Path | None = None) -> tuple[Pinned, str]:
        """Our gateway (one worker) and its GraphQL URL; with `probe_dir`, with the probes of
        `bench.subscriptions.traced` (tracemalloc, garbage-collector times) writing there."""
        port = free_port()
        module = "gateway" if probe_dir is None else "bench.subscriptions.traced"
        env = {} if probe_dir is None else {"BENCH_PROBE_DIR": str(probe_dir)}
        argv = (sys.executable, "-m", module, "serve", "--config", str(CONFIG), "--supergraph",
                str(self.supergraph), "--port", str(port), "--workers", "1")  # fmt: skip
        gateway = Pinned(argv=argv, cpu=self.cpus.gateway, cwd=REPO, env=env,
                         log=self.logs / f"subscriptions-gateway-{name}.log")  # fmt: skip
        gateway.start()
        if not wait_for_port(port, gateway):
            gateway.stop()
            raise RuntimeError(f"the gateway did not start (see {gateway.log})")
        return gateway, f"http://127.0.0.1:{port}/graphql"


def _start(argv: tuple[str, ...], port: int, cpu: int, log: Path) -> Pinned:
    process = Pinned(argv=(sys.executable, "-m", *argv, "--port", str(port)), cpu=cpu, cwd=REPO,
                     log=log)  # fmt: skip
    process.start()
    if not wait_for_port(port, process):
        process.stop()
        raise RuntimeError(f"{argv[0]} did not start (see {log})")
    return process


@contextlib.contextmanager
def started_stack(logs: Path, chosen: Cpus, *, heavy: bool) -> Iterator[Stack]:
    """The events and catalog subgraphs (and the heavy query's, when `heavy`), composed."""
    logs.mkdir(parents=True, exist_ok=True)
    ports = {"events": free_port(), "catalog": free_port(), "heavy": free_port()}
    started: dict[str, Pinned] = {}
    try:
        for name, module in (("events", "bench.subscriptions.events"),
                             ("catalog", "bench.subscriptions.catalog")):  # fmt: skip
            log = logs / f"subscriptions-{name}.log"
            started[name] = _start((module,), ports[name], chosen.load, log)
        heavy_base = None
        if heavy:
            log = logs / "subscriptions-heavy-subgraphs.log"
            started["heavy"] = _start(("bench.subgraphs",), ports["heavy"], chosen.load, log)
            heavy_base = f"http://127.0.0.1:{ports['heavy']}"
        events_base = f"http://127.0.0.1:{ports['events']}"
        catalog_base = f"http://127.0.0.1:{ports['catalog']}"
        sdl = compose_supergraph(f"{events_base}/graphql", f"{catalog_base}/catalog", heavy_base)
        supergraph = logs / "subscriptions-supergraph.graphql"
        supergraph.write_text(sdl, encoding="utf-8")
        pids = {name: process.pid for name, process in started.items()}
        yield Stack(cpus=chosen, logs=logs, events_base=events_base, catalog_base=catalog_base,
                    supergraph=supergraph, heavy=heavy, pids=pids)  # fmt: skip
    finally:
        for process in reversed(started.values()):
            process.stop()
