"""Latency histograms as gateways report them: counts per fixed, log-spaced bucket, merged by
adding counts, and percentiles read off the merged counts.

    bucket i holds durations in (BOUNDS_MS[i-1], BOUNDS_MS[i]] milliseconds; the last bucket
    holds everything above BOUNDS_MS[-1]

A percentile is the upper bound of the bucket that holds it (infinity for the last bucket):
the true value is at most that, and more than the bucket's lower bound.  The gateway
reports with the same bounds (`gateway.usage.latency`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

__all__ = ["BOUNDS_MS", "BUCKETS", "merged", "percentile"]

BOUNDS_MS: tuple[int, ...] = (
    1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700,
    1000, 1500, 2000, 3000, 5000, 7000, 10000, 15000, 20000, 30000, 60000,
)  # fmt: skip
BUCKETS = len(BOUNDS_MS) + 1


def merged(histograms: Iterable[Sequence[int]]) -> list[int]:
    """The counts of all `histograms` together."""
    total = [0] * BUCKETS
    for counts in histograms:
        for i, n in enumerate(counts):
            total[i] += n
    return total


def percentile(counts: Sequence[int], q: float) -> float | None:
    """The `q` quantile (0 < q ≤ 1, nearest rank) of the durations counted; None without any."""
    requests = sum(counts)
    if requests == 0:
        return None
    rank = max(1, math.ceil(q * requests))
    seen = 0
    for i, n in enumerate(counts):
        seen += n
        if seen >= rank:
            return float(BOUNDS_MS[i]) if i < len(BOUNDS_MS) else math.inf
    return math.inf
