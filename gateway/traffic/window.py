"""Counts of events over a sliding window, kept in a ring of buckets (O(1) memory and time)."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["SlidingCounts"]


class SlidingCounts:
    """`kinds` counters over the last `window` seconds, in `slots` buckets.

    A bucket covers `window / slots` seconds; the totals cover the current bucket and the
    `slots - 1` before it, so they reach back between `window - window/slots` and `window`.
    """

    __slots__ = ("_clock", "buckets", "kinds", "slots", "stamps", "width")

    def __init__(
        self,
        window: float,
        kinds: int,
        *,
        slots: int = 10,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.width = window / slots
        self.kinds = kinds
        self.slots = slots
        self.buckets = [[0] * kinds for _ in range(slots)]
        # The absolute bucket number each slot holds now (-1: none yet).
        self.stamps = [-1] * slots
        self._clock = clock

    def add(self, kind: int, n: int = 1) -> None:
        index = int(self._clock() / self.width)
        slot = index % self.slots
        bucket = self.buckets[slot]
        if self.stamps[slot] != index:
            self.stamps[slot] = index
            for k in range(self.kinds):
                bucket[k] = 0
        bucket[kind] += n

    def totals(self) -> list[int]:
        index = int(self._clock() / self.width)
        oldest = index - self.slots
        sums = [0] * self.kinds
        for stamp, bucket in zip(self.stamps, self.buckets, strict=True):
            if stamp > oldest:
                for k in range(self.kinds):
                    sums[k] += bucket[k]
        return sums

    def clear(self) -> None:
        self.stamps = [-1] * self.slots
