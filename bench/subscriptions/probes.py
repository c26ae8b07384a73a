"""Looking inside the gateway during a run: py-spy samples, tracemalloc snapshots.

`Sampler` records the gateway with py-spy (`py-spy` on PATH, else `uvx py-spy`) from `start`
to `stop` and summarises by function as `bench.profile` does.  `snapshot` asks a gateway
started under `bench.subscriptions.traced` for a tracemalloc snapshot; `memory_growth` says
which files and which gateway steps hold the memory added between two.
"""

from __future__ import annotations

import collections
import json
import os
import re
import signal
import subprocess
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from bench.profile import aggregate, py_spy
from bench.runner.targets import REPO

__all__ = ["GcProbe", "GcTotals", "Sampler", "breakdown", "memory_growth", "snapshot"]

_GATEWAY = REPO / "gateway"


class Sampler:
    def __init__(self, pid: int, raw: Path) -> None:
        self.raw = raw
        argv = [*py_spy(), "record", "--pid", str(pid), "--rate", "250", "--format", "raw",
                "--output", str(raw), "--nonblocking"]  # fmt: skip
        self._process = subprocess.Popen(  # noqa: S603 - py-spy with our own arguments
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop(self, top: int = 25) -> str:
        """py-spy writes its samples on SIGINT; then the summary: by step, then by function."""
        self._process.send_signal(signal.SIGINT)
        self._process.wait(timeout=60)
        if not self.raw.exists():
            return "py-spy recorded nothing (is ptrace allowed here?)"
        return f"{breakdown(self.raw)}\n\n{aggregate(self.raw, top)}"


# A sample's step: the first frame from the leaf that one of these claims (file fragments, in
# the order tried on each frame).  asyncio's own frames claim nothing, so time in a timeout or
# a queue counts for the step that awaits it; a sample with only asyncio frames is a callback.
_STEPS = (
    ("upstream WebSocket: receive and decode each event",
     ("gateway/transport/websocket.py", "aiohttp/client_ws.py", "aiohttp/_websocket/")),
    ("entity fetch: HTTP client, pool, shared fetches, metering",
     ("gateway/transport/subgraph_client.py", "gateway/transport/http1/",
      "gateway/server/runtime/pools.py",
      "gateway/execution/inflight.py", "gateway/telemetry/fetch.py", "gateway/policy/headers/",
      "gateway/traffic/")),
    ("the plan per event: executor, representations, merge, shaping",
     ("gateway/execution/", "gateway/shaping/", "<shape ", "gateway/pipeline/")),
    ("client WebSocket: queue, encode, send, pings",
     ("gateway/server/http/websocket.py", "uvicorn/protocols/websockets/", "websockets/")),
    ("metrics", ("prometheus_client/", "gateway/telemetry/")),
)  # fmt: skip
_LOOP = "event loop: polling and socket I/O (uvloop's C code)"
_CALLBACKS = "asyncio callbacks (tasks, futures) outside the steps above"


def _step(frames: list[str]) -> str:
    if frames and frames[-1].startswith("Runner.run (asyncio/runners.py"):
        return _LOOP
    for frame in reversed(frames):
        for step, fragments in _STEPS:
            if any(fragment in frame for fragment in fragments):
                return step
    if all("(asyncio/" in frame or "<frozen" in frame for frame in frames):
        return _CALLBACKS
    return "other"


def breakdown(raw: Path) -> str:
    """py-spy's raw samples by the gateway step they serve (`_STEPS`)."""
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            counts[_step(stack.split(";"))] += int(count)
    total = sum(counts.values()) or 1
    lines = ["| % of samples | step |", "|---|---|"]
    lines += [f"| {n * 100 / total:.1f} | {step} |" for step, n in counts.most_common()]
    return "\n".join(lines)


def _signalled(pid: int, sig: signal.Signals, path: Path, timeout: float = 120.0) -> Path:
    """Sends `sig`, then waits for the probed gateway to publish `path`."""
    os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the gateway wrote no {path}")
        time.sleep(0.05)
    return path


def snapshot(pid: int, folder: Path, index: int) -> tracemalloc.Snapshot:
    """The probed gateway's `index`-th tracemalloc snapshot (the first starts tracing)."""
    path = _signalled(pid, signal.SIGUSR1, folder / f"snapshot-{index}.bin")
    return tracemalloc.Snapshot.load(str(path))


@dataclass(frozen=True, slots=True)
class GcTotals:
    """Collections and seconds per generation (0, 1, 2), since start or between readings."""

    collections: tuple[int, int, int]
    seconds: tuple[float, float, float]

    def __sub__(self, other: GcTotals) -> GcTotals:
        c = tuple(a - b for a, b in zip(self.collections, other.collections, strict=True))
        s = tuple(a - b for a, b in zip(self.seconds, other.seconds, strict=True))
        return GcTotals(c, s)  # type: ignore[arg-type]


class GcProbe:
    """The probed gateway's garbage-collector totals, read on demand (SIGUSR2)."""

    def __init__(self, pid: int, folder: Path) -> None:
        self.pid, self.folder, self.taken = pid, folder, 0

    def read(self) -> GcTotals:
        path = _signalled(self.pid, signal.SIGUSR2, self.folder / f"gc-{self.taken}.json")
        self.taken += 1
        data = json.loads(path.read_text())
        return GcTotals(tuple(data["collections"]), tuple(data["seconds"]))


def memory_growth(
    before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, per: int, top: int = 15
) -> str:
    """What the allocations added between the snapshots hold, per subscription (`per`): by
    file that allocated, and by the innermost line of gateway code on the stack (which of
    the gateway's own steps the memory serves)."""
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    old, new = before.filter_traces(ignore), after.filter_traces(ignore)
    by_file = new.compare_to(old, "filename")
    total = sum(stat.size_diff for stat in by_file)
    sizes: collections.Counter[str] = collections.Counter()
    blocks: collections.Counter[str] = collections.Counter()
    for stat in new.compare_to(old, "traceback"):
        owner = _owner(stat.traceback)
        sizes[owner] += stat.size_diff
        blocks[owner] += stat.count_diff
    lines = [
        f"Traced Python allocations grew {total / 2**20:.1f} MB "
        f"({total / per / 1024:.1f} KB per subscription).",
        "",
        "| KB per subscription | blocks per subscription | allocated in |",
        "|---|---|---|",
    ]
    lines += [f"| {stat.size_diff / per / 1024:.2f} | {stat.count_diff / per:.1f} "
              f"| `{_short(stat.traceback[-1].filename)}` |"
              for stat in by_file[:top]]  # fmt: skip
    lines += ["", "| KB per subscription | blocks per subscription "
              "| innermost gateway line on the stack |", "|---|---|---|"]  # fmt: skip
    lines += [f"| {size / per / 1024:.2f} | {blocks[owner] / per:.1f} | `{owner}` |"
              for owner, size in sizes.most_common(top)]  # fmt: skip
    return "\n".join(lines)


def _owner(traceback: tracemalloc.Traceback) -> str:
    for frame in reversed(traceback):  # most recent last
        path = Path(frame.filename)
        if path.is_relative_to(_GATEWAY):
            return f"{path.relative_to(REPO)}:{frame.lineno}"
    return f"(no gateway frame) {_short(traceback[-1].filename)}"


def _short(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    stdlib = re.search(r"/lib/python3\.\d+/(.*)", filename)
    if stdlib:
        return stdlib.group(1)
    path = Path(filename)
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else filename
