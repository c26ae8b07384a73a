"""The garbage collector's settings for a serving process.

A gateway's garbage is decoded JSON: trees of dicts and lists that reference counting frees
on its own, with no cycles for the collector to find.  CPython's default (a young-generation
pass every 700 container allocations) makes it scan them anyway: under the benchmark's load,
orjson decoding thousands of containers per subgraph answer triggered passes that cost about
an eighth of the gateway's CPU (docs/performance.md).  So a serving process freezes what it
built at startup (the schema, the planner: never garbage, never scanned again) and collects
the young generation every `gen0` allocations instead; cycles (asyncio tasks, exceptions with
tracebacks) are still collected, only less often: a young pass runs once 50,000 more containers
are alive than at the last one, so cyclic garbage waiting for it stays within a few megabytes.
Under the benchmark's load the collector's share of the gateway's CPU was 8% at 10,000 and 3%
at 50,000 (docs/performance.md).
"""

from __future__ import annotations

import gc

__all__ = ["DEFAULT_GEN0_THRESHOLD", "tune_collector"]

DEFAULT_GEN0_THRESHOLD = 50_000


def tune_collector(gen0: int = DEFAULT_GEN0_THRESHOLD) -> None:
    """Collect and freeze what exists now, then set the young-generation threshold to `gen0`.

    `gen0` 0 leaves the collector as Python sets it up.  Call once, after the app is built and
    before serving.
    """
    if gen0 <= 0:
        return
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0, gen1, gen2)
