"""One measurement: check the answer, warm up, run wrk, read the target's memory and CPU."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.runner.processes import RssSampler, tree_cpu_seconds

__all__ = ["Measurement", "check_answer", "measure", "run_wrk", "subgraph_calls"]

_LUA = Path(__file__).resolve().parent / "wrk.lua"


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    rps: float
    p50_ms: float
    p99_ms: float
    peak_rss_mb: float
    cpu_cores: float  # target CPU seconds per wall second
    cpu_ms_per_request: float
    requests: int
    errors: int
    bytes_per_response: float
    # Calls the target made to the subgraphs per client request (None: not counted).
    subgraph_calls_per_request: float | None = None


def subgraph_calls(base_url: str) -> int:
    """The bench subgraphs' count of calls answered so far (their `GET /stats`)."""
    with urllib.request.urlopen(f"{base_url}/stats", timeout=10) as response:  # noqa: S310 - a URL on 127.0.0.1 built here
        count: int = json.loads(response.read())["requests"]
    return count


def post(url: str, body: bytes, timeout: float = 60.0) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 - a URL on 127.0.0.1 built here
        url, data=body, headers={"content-type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - a URL on 127.0.0.1 built here
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check_answer(url: str, body: bytes, expected: Any) -> str | None:
    """None when the answer is JSON-equal to `expected`, else what was wrong."""
    try:
        status, answer = post(url, body)
    except OSError as error:
        return f"no answer: {error}"
    if status != 200:
        return f"HTTP {status}: {answer[:200]!r}"
    try:
        data = json.loads(answer)
    except ValueError:
        return f"not JSON: {answer[:200]!r}"
    if data != expected:
        return f"wrong answer ({len(answer)} bytes): {answer[:200]!r}"
    return None


def run_wrk(
    wrk: str, url: str, body: bytes, *, seconds: float, connections: int, cpu: int,
    script: Path = _LUA,
) -> dict[str, int]:  # fmt: skip
    """wrk on `url` with `script`, which reads `body` from the file named by BENCH_BODY and
    prints its results as one `BENCH_JSON {...}` line."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
        file.write(body)
    try:
        duration = f"-d{max(1, round(seconds))}s"  # wrk takes whole seconds
        argv = ["taskset", "-c", str(cpu), wrk, "-t1", f"-c{connections}", duration,
                "--timeout", "30s", "-s", str(script), url]  # fmt: skip
        done = subprocess.run(  # noqa: S603 - our own argument list
            argv, env={**os.environ, "BENCH_BODY": file.name}, capture_output=True, check=True,
            timeout=seconds + 60,
        )  # fmt: skip
    finally:
        os.unlink(file.name)
    for line in done.stdout.decode().splitlines():
        if line.startswith("BENCH_JSON "):
            result: dict[str, int] = json.loads(line.removeprefix("BENCH_JSON "))
            return result
    raise RuntimeError(f"wrk printed no result: {done.stdout.decode()} {done.stderr.decode()}")


def measure(
    wrk: str, url: str, body: bytes, *, pid: int, seconds: float, warmup: float,
    connections: int, load_cpu: int, subgraph_calls: Callable[[], int] | None = None,
) -> Measurement:  # fmt: skip
    """Warm up, then measure; RSS is sampled across both, CPU over the measured part only.

    `subgraph_calls`, when given, reads the subgraphs' count of calls answered: read before
    and after the measured part, it gives the target's subgraph calls per client request.
    """
    with RssSampler(pid) as sampler:
        run_wrk(wrk, url, body, seconds=warmup, connections=connections, cpu=load_cpu)
        calls_before = subgraph_calls() if subgraph_calls else 0
        cpu_before = tree_cpu_seconds(pid)
        started = time.monotonic()
        result = run_wrk(wrk, url, body, seconds=seconds, connections=connections, cpu=load_cpu)
        wall = time.monotonic() - started
        cpu = tree_cpu_seconds(pid) - cpu_before
        calls = subgraph_calls() - calls_before if subgraph_calls else None
    requests = max(result["requests"], 1)
    duration = result["duration_us"] / 1e6
    errors = sum(result[key] for key in ("connect_errors", "read_errors", "write_errors",
                                         "status_errors", "timeouts"))  # fmt: skip
    return Measurement(
        rps=result["requests"] / duration,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        peak_rss_mb=sampler.peak / 2**20,
        cpu_cores=cpu / wall,
        cpu_ms_per_request=cpu * 1000 / requests,
        requests=result["requests"],
        errors=errors,
        bytes_per_response=result["bytes"] / requests,
        subgraph_calls_per_request=None if calls is None else calls / requests,
    )
