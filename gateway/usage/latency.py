"""Request durations as a histogram with fixed, log-spaced bounds, so that reports merge by
adding counts (across windows and gateway replicas) and the registry reads percentiles off the
merged counts.

    bucket i holds durations in (BOUNDS_MS[i-1], BOUNDS_MS[i]] milliseconds; the last bucket
    holds everything above BOUNDS_MS[-1]

The registry accepts these bounds only (`registry.store.latency` keeps the same tuple).
"""

from __future__ import annotations

from bisect import bisect_left

__all__ = ["BOUNDS_MS", "BUCKETS", "bucket_of"]

# About 1.5 between neighbours: a percentile read off a bucket is within that factor.
BOUNDS_MS: tuple[int, ...] = (
    1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700,
    1000, 1500, 2000, 3000, 5000, 7000, 10000, 15000, 20000, 30000, 60000,
)  # fmt: skip
BUCKETS = len(BOUNDS_MS) + 1


def bucket_of(milliseconds: float) -> int:
    """The bucket a duration falls in."""
    return bisect_left(BOUNDS_MS, milliseconds)
