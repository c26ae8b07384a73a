"""`python -m bench.subscriptions.traced serve …`: `python -m gateway` with two probes on signals,
writing into `$BENCH_PROBE_DIR`.

- SIGUSR1, memory: the first starts tracemalloc (40 frames deep, `BENCH_TRACE_FRAMES`); each
  writes `snapshot-<n>.bin`.  What a later snapshot holds beyond the first was allocated after
  it and is still alive.  Tracing slows every allocation: no timing is taken from such a run.
- SIGUSR2, the garbage collector: every collection is timed from the start (`gc.callbacks`: two
  clock reads per collection); each signal writes `gc-<n>.json`, the collections and seconds
  per generation so far.

Files are written aside and renamed, so one that exists is complete.
"""

from __future__ import annotations

import gc
import json
import os
import runpy
import signal
import sys
import time
import tracemalloc
from pathlib import Path
from types import FrameType
from typing import Any


def _publish(path: Path, write: Any) -> None:
    partial = path.with_suffix(".partial")
    write(partial)
    partial.rename(path)


def main() -> None:
    folder = Path(os.environ["BENCH_PROBE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    taken = {"snapshot": 0, "gc": 0}
    collections, seconds, started = [0, 0, 0], [0.0, 0.0, 0.0], [0.0]

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            return
        generation = info["generation"]
        collections[generation] += 1
        seconds[generation] += time.perf_counter() - started[0]

    def snapshot(_signal: int, _frame: FrameType | None) -> None:
        if not tracemalloc.is_tracing():
            # Deep stacks: the report names the innermost gateway line behind each allocation.
            tracemalloc.start(int(os.environ.get("BENCH_TRACE_FRAMES", "40")))
        path = folder / f"snapshot-{taken['snapshot']}.bin"
        _publish(path, lambda p: tracemalloc.take_snapshot().dump(str(p)))
        taken["snapshot"] += 1

    def collector(_signal: int, _frame: FrameType | None) -> None:
        text = json.dumps({"collections": collections, "seconds": seconds})
        _publish(folder / f"gc-{taken['gc']}.json", lambda p: p.write_text(text))
        taken["gc"] += 1

    gc.callbacks.append(timed)
    signal.signal(signal.SIGUSR1, snapshot)
    signal.signal(signal.SIGUSR2, collector)
    sys.argv = ["gateway", *sys.argv[1:]]
    runpy.run_module("gateway", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
