"""`--workers > 1`: prometheus_client's multiprocess mode adds up every worker's metrics."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from gateway.telemetry import shared_worker_metrics

WORKER = """
import asyncio
from gateway.config.model import TelemetryConfig
from gateway.request import GraphQLRequest
from gateway.telemetry import Telemetry
from tests.telemetry.helpers import answer, pipeline_for

telemetry = Telemetry(TelemetryConfig())

async def main() -> None:
    pipeline = pipeline_for(telemetry)
    for _ in range({count}):
        await answer(telemetry, pipeline, GraphQLRequest(query="query Me {{ me {{ id }} }}",
                                                         operation_name="Me"))
    {then}

asyncio.run(main())
{after}
"""
# A worker's gateway flushes its metrics when it closes.
CLOSES = {"then": "pass", "after": "telemetry.shutdown()"}
# A worker that dies without closing, after serving for longer than the flush interval.
DIES = {"then": "await asyncio.sleep(1.5)", "after": "import os; os._exit(0)"}

RENDER = """
import sys
from gateway.config.model import TelemetryConfig
from gateway.telemetry import Telemetry
body, _ = Telemetry(TelemetryConfig()).render_metrics()
sys.stdout.write(body.decode())
"""


def _run(script: str, directory: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    return result.stdout


def test_metrics_of_all_workers_are_added_up(tmp_path: Path) -> None:
    _run(WORKER.format(count=2, **CLOSES), tmp_path)
    _run(WORKER.format(count=3, **CLOSES), tmp_path)
    samples = _samples(_run(RENDER, tmp_path))
    key = ("gateway_requests_total", (("operation", "Me"), ("outcome", "success")))
    assert samples[key] == 5
    fetches = ("gateway_subgraph_fetch_duration_seconds_count", (("subgraph", "accounts"),))
    assert samples[fetches] == 5


def test_a_running_workers_metrics_reach_the_files_within_the_flush_interval(
    tmp_path: Path,
) -> None:
    _run(WORKER.format(count=4, **DIES), tmp_path)
    samples = _samples(_run(RENDER, tmp_path))
    assert samples[("gateway_requests_total", (("operation", "Me"), ("outcome", "success")))] == 4
    assert samples[("gateway_plan_cache_lookups_total", (("result", "hit"),))] == 3
    fetches = ("gateway_subgraph_fetch_duration_seconds_count", (("subgraph", "accounts"),))
    assert samples[fetches] == 4


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_a_stopped_worker_leaves_no_requests_in_flight(tmp_path: Path) -> None:
    script = """
from gateway.config.model import TelemetryConfig
from gateway.request import ANONYMOUS
from gateway.telemetry import Telemetry
telemetry = Telemetry(TelemetryConfig())
scope = telemetry.request(ANONYMOUS)
scope.__enter__()  # a request still in flight when the worker stops
telemetry.shutdown()
"""
    _run(script, tmp_path)
    assert "gateway_requests_in_flight 0.0" in _run(RENDER, tmp_path)


def test_workers_get_a_fresh_directory_removed_afterwards() -> None:
    env: dict[str, str] = {}
    with shared_worker_metrics(env) as directory:
        assert env["PROMETHEUS_MULTIPROC_DIR"] == str(directory)
        assert directory.is_dir()
        assert list(directory.iterdir()) == []
    assert "PROMETHEUS_MULTIPROC_DIR" not in env
    assert not directory.exists()


def test_an_operators_directory_is_kept(tmp_path: Path) -> None:
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    with shared_worker_metrics(env) as directory:
        assert directory == tmp_path
    assert env == {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    assert tmp_path.is_dir()
