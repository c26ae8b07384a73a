"""bench.memory and bench.execution run from the repository root, as the runner runs them
(`bench` here is this test package, so they run in a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip


def test_request_memory_grows_linearly_with_the_entities() -> None:
    done = _run("bench.memory", "100", "1000")
    assert done.returncode == 0, done.stderr
    peaks = json.loads(done.stdout)
    small, large = peaks["100"], peaks["1000"]
    assert small > 0
    # Ten times the entities: about ten times the memory (fixed costs and allocator rounding
    # leave some slack), never quadratic.
    assert 6 < large / small < 14


def test_in_process_pipeline_answers_the_heavy_query_as_expected() -> None:
    # bench.execution exits non-zero when the pipeline's answer differs from the expected JSON.
    done = _run("bench.execution", "--iterations", "2")
    assert done.returncode == 0, done.stderr
    assert "us/request" in done.stdout
