"""`python -m bench.server` runs from the repository root and times every variant."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_server_times_each_variant() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.server", "--iterations", "2", "--rounds", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if "us/request" in line]
    assert lines[0].startswith("default")
    assert any(line.startswith("client + subgraph limits, breaker") for line in lines)
