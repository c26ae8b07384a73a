"""One load measurement: wrk sending a flow's requests, and the CPU each part of the platform
spent meanwhile.

wrk (C, one thread, pinned to one core) rather than a Python client: on two cores shared with
eight platform processes, a load generator in Python would take a good part of a core from
what it measures. Its Lua script (`wrk.lua`) sends a different request each time, with its own
token, and counts the answers that carry GraphQL errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil  # type: ignore[import-untyped]

from bench.platform.flows import Line
from bench.runner.load import run_wrk
from bench.runner.processes import tree_cpu_seconds

__all__ = ["PARTS", "Measurement", "listening_pids", "measure", "warm_up"]

_LUA = Path(__file__).resolve().parent / "wrk.lua"
# The platform's parts whose CPU is reported, in table order.
PARTS = ("gateway", "subgraphs", "stores")


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    connections: int
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int  # answered within the measured seconds
    sent: int  # requests wrk started (answered or cut off at the end)
    errors: int  # HTTP-level failures and answers with GraphQL errors
    cpu_ms: Mapping[str, float]  # per answered request, by part of the platform


def listening_pids(ports: Mapping[str, Sequence[int]]) -> dict[str, list[int]]:
    """The processes listening on each part's ports (each process counted once)."""
    by_port: dict[int, int] = {}
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.pid is not None:
            by_port[conn.laddr.port] = conn.pid
    return {
        part: sorted({by_port[p] for p in part_ports if p in by_port})
        for part, part_ports in ports.items()
    }


def _cpu(pids: Mapping[str, Sequence[int]]) -> dict[str, float]:
    return {part: sum(tree_cpu_seconds(pid) for pid in found) for part, found in pids.items()}


def _file(lines: Sequence[Line]) -> bytes:
    return "".join(f"{line.token or ''}\t{line.body}\n" for line in lines).encode()


def measure(
    wrk: str,
    url: str,
    lines: Sequence[Line],
    *,
    connections: int,
    seconds: float,
    cpu: int,
    pids: Mapping[str, Sequence[int]],
) -> tuple[Measurement, int]:
    """One measured wrk run over `lines`; also how many of them it sent."""
    before = _cpu(pids)
    result = run_wrk(wrk, url, _file(lines), seconds=seconds, connections=connections, cpu=cpu,
                     script=_LUA)  # fmt: skip
    after = _cpu(pids)
    requests = max(result["requests"], 1)
    failures = sum(result[key] for key in ("connect_errors", "read_errors", "write_errors",
                                           "status_errors", "timeouts"))  # fmt: skip
    measurement = Measurement(
        connections=connections,
        rps=result["requests"] / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        requests=result["requests"],
        sent=result["sent"],
        errors=failures + result["graphql_errors"],
        cpu_ms={part: (after[part] - before[part]) * 1000 / requests for part in pids},
    )
    return measurement, result["sent"]


def warm_up(
    wrk: str, url: str, lines: Sequence[Line], *, connections: int, seconds: float, cpu: int
) -> int:
    """A run whose figures are dropped (connections, pools, caches); how many lines it sent."""
    result = run_wrk(wrk, url, _file(lines), seconds=seconds, connections=connections, cpu=cpu,
                     script=_LUA)  # fmt: skip
    return result["sent"]
