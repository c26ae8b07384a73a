"""`python -m bench.subscriptions.traced serve …`: `python -m gateway`, traced on demand.

The first SIGUSR1 starts tracemalloc (40 frames deep, `BENCH_TRACE_FRAMES`); each SIGUSR1 then
writes a snapshot to `$BENCH_TRACE_DIR/snapshot-<n>.bin` (written aside, then renamed, so a
file that exists is complete).  What a later snapshot holds beyond the first was allocated
after it and is still alive.  Only for finding where memory goes: tracing slows every
allocation, so no timing is taken from a traced gateway.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import tracemalloc
from pathlib import Path
from types import FrameType


def main() -> None:
    folder = Path(os.environ["BENCH_TRACE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    taken = 0

    def snapshot(_signal: int, _frame: FrameType | None) -> None:
        nonlocal taken
        if not tracemalloc.is_tracing():
            # Deep stacks: the report names the innermost gateway line behind each allocation.
            tracemalloc.start(int(os.environ.get("BENCH_TRACE_FRAMES", "40")))
        partial = folder / f"snapshot-{taken}.partial"
        tracemalloc.take_snapshot().dump(str(partial))
        partial.rename(folder / f"snapshot-{taken}.bin")
        taken += 1

    signal.signal(signal.SIGUSR1, snapshot)
    sys.argv = ["gateway", *sys.argv[1:]]
    runpy.run_module("gateway", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
