"""schema/supergraph.graphql is what our composer makes of schema/supergraph.yaml today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_committed_supergraph_is_current() -> None:
    composed = subprocess.run(
        [sys.executable, "-m", "gateway", "compose", "--config", "schema/supergraph.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert composed.returncode == 0, composed.stderr
    assert composed.stdout == (ROOT / "schema" / "supergraph.graphql").read_text(), (
        "schema/supergraph.graphql is stale: run `uv run task sdl`"
    )
