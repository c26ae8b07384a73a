"""Looking inside the gateway during a run: py-spy samples, tracemalloc snapshots.

`Sampler` records the gateway with py-spy (`py-spy` on PATH, else `uvx py-spy`) from `start`
to `stop` and summarises by function as `bench.profile` does.  `snapshot` asks a gateway
started under `bench.subscriptions.traced` for a tracemalloc snapshot; `memory_growth` says
which source lines hold the memory added between two.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import tracemalloc
from pathlib import Path

from bench.profile import aggregate, py_spy
from bench.runner.targets import REPO

__all__ = ["Sampler", "memory_growth", "snapshot"]


class Sampler:
    def __init__(self, pid: int, raw: Path) -> None:
        self.raw = raw
        argv = [*py_spy(), "record", "--pid", str(pid), "--rate", "250", "--format", "raw",
                "--output", str(raw), "--nonblocking"]  # fmt: skip
        self._process = subprocess.Popen(  # noqa: S603 - py-spy with our own arguments
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop(self, top: int = 25) -> str:
        """py-spy writes its samples on SIGINT; then the summary."""
        self._process.send_signal(signal.SIGINT)
        self._process.wait(timeout=60)
        if not self.raw.exists():
            return "py-spy recorded nothing (is ptrace allowed here?)"
        return aggregate(self.raw, top)


def snapshot(pid: int, folder: Path, index: int, timeout: float = 120.0) -> tracemalloc.Snapshot:
    """The traced gateway's `index`-th snapshot (SIGUSR1, then wait for the file)."""
    path = folder / f"snapshot-{index}.bin"
    os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"no tracemalloc snapshot at {path}")
        time.sleep(0.1)
    return tracemalloc.Snapshot.load(str(path))


def memory_growth(
    before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, per: int, top: int = 20
) -> str:
    """The source lines whose allocations grew most, in bytes per subscription (`per`)."""
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    stats = after.filter_traces(ignore).compare_to(before.filter_traces(ignore), "lineno")
    total = sum(stat.size_diff for stat in stats)
    lines = [
        f"traced Python allocations grew {total / 2**20:.1f} MB "
        f"({total / per / 1024:.1f} KB per subscription)",
        "",
        "| KB per subscription | blocks per subscription | line |",
        "|---|---|---|",
    ]
    for stat in stats[:top]:
        frame = stat.traceback[0]
        where = f"{_short(frame.filename)}:{frame.lineno}"
        lines.append(f"| {stat.size_diff / per / 1024:.2f} | {stat.count_diff / per:.1f} "
                     f"| `{where}` |")  # fmt: skip
    return "\n".join(lines)


def _short(filename: str) -> str:
    path = Path(filename)
    if path.is_relative_to(REPO):
        return str(path.relative_to(REPO))
    for marker in ("site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
