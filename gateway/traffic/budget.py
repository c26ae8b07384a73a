"""A retry budget: retries may add at most `ratio` of the fetches of the last `window` seconds,
plus `min_per_second` (so that a quiet gateway, whose few fetches earn no retries, can retry).

When a subgraph fails outright, every fetch would otherwise be retried and the load on it
doubled exactly when it can least take it; the budget caps the extra load at `ratio`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from gateway.traffic.window import SlidingCounts

__all__ = ["RetryBudget"]

_FETCHES, _RETRIES = 0, 1


class RetryBudget:
    __slots__ = ("counts", "floor", "ratio")

    def __init__(
        self,
        *,
        ratio: float,
        window: float,
        min_per_second: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ratio = ratio
        self.floor = min_per_second * window
        self.counts = SlidingCounts(window, 2, clock=clock)

    def fetched(self) -> None:
        """A first attempt (not a retry) was made."""
        self.counts.add(_FETCHES)

    def withdraw(self) -> bool:
        """Whether one more retry fits; if so it is counted."""
        fetches, retries = self.counts.totals()
        if retries + 1 > self.ratio * fetches + self.floor:
            return False
        self.counts.add(_RETRIES)
        return True
