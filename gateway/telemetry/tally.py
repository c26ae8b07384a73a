"""Counts and observations kept as plain numbers, written to Prometheus' metrics in batches.

Every request bumps a few counters and a histogram, and every subgraph fetch a histogram:
through prometheus_client each is a Python call taking a lock (a write to a shared file in
multiprocess mode), a few percent of the gateway's CPU under load.  A `Tally` stands in front
of one labelled child (a counter or a histogram): it adds in plain numbers, compiled, and
`flush` writes the totals to the child in one increment per touched bucket.

`Tallies` owns the tallies of one `GatewayMetrics` and flushes them:
- `interval` seconds after the first change since the last flush (a timer on the running
  loop; with no loop running, at once), so the files other workers' scrapes read trail by at
  most that much;
- before every exposition it renders, so a scrape in the same process is exact;
- at shutdown.

Flushing writes through prometheus_client's own value objects (`_sum`, `_buckets`: what
`Histogram.observe` itself increments), so every exposition format and the multiprocess files
stay theirs; tests/telemetry/test_tally.py checks the result against `observe` itself.
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["CountTally", "HistogramTally", "Tallies"]

# Seconds between a tally's first change and the flush that writes it.
FLUSH_INTERVAL = 1.0


class Tallies:
    """The tallies of one set of metrics and the timer that flushes them."""

    __slots__ = ("_armed_on", "_items", "interval")

    def __init__(self, interval: float = FLUSH_INTERVAL) -> None:
        self.interval = interval
        self._items: list[CountTally | HistogramTally] = []
        self._armed_on: asyncio.AbstractEventLoop | None = None

    def counter(self, child: Any) -> CountTally:
        """A tally for a labelled `Counter` child (or an unlabelled counter)."""
        tally = CountTally(child, self)
        self._items.append(tally)
        return tally

    def histogram(self, child: Any) -> HistogramTally:
        """A tally for a labelled `Histogram` child (or an unlabelled histogram)."""
        tally = HistogramTally(child, self)
        self._items.append(tally)
        return tally

    def arm(self) -> None:
        """A tally changed after a flush: flush within `interval` (now, with no loop running)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        if self._armed_on is loop:
            return
        self._armed_on = loop
        loop.call_later(self.interval, self._fire)

    def _fire(self) -> None:
        self._armed_on = None
        self.flush()

    def flush(self) -> None:
        """Writes every tally's changes to its metric."""
        for item in self._items:
            item.flush()


class CountTally:
    """Increments of one counter."""

    __slots__ = ("_owner", "_pending", "target")

    def __init__(self, target: Any, owner: Tallies) -> None:
        self.target = target
        self._owner = owner
        self._pending = 0.0

    def inc(self, amount: float = 1.0) -> None:
        if amount < 0:
            raise ValueError("Counters can only be incremented by non-negative amounts.")
        if self._pending == 0.0:
            self._pending = amount
            self._owner.arm()
        else:
            self._pending += amount

    def flush(self) -> None:
        pending = self._pending
        if pending:
            self._pending = 0.0
            self.target.inc(pending)


class HistogramTally:
    """Observations of one histogram: a count per bucket and their sum."""

    __slots__ = ("_bounds", "_counts", "_owner", "_pending", "_total", "target")

    def __init__(self, target: Any, owner: Tallies) -> None:
        self.target = target
        self._owner = owner
        # The histogram's own upper bounds, +Inf last: every amount finds its bucket.
        self._bounds: list[float] = [float(bound) for bound in target._upper_bounds]
        self._counts: list[int] = [0] * len(self._bounds)
        self._total = 0.0
        self._pending = False

    def observe(self, amount: float) -> None:
        # NaN compares false with every bound: summed, counted in no bucket, as by `observe`.
        for index, bound in enumerate(self._bounds):
            if amount <= bound:
                self._counts[index] += 1
                break
        self._total += amount
        if not self._pending:
            self._pending = True
            self._owner.arm()

    def flush(self) -> None:
        if not self._pending:
            return
        self._pending = False
        target = self.target
        target._sum.inc(self._total)
        self._total = 0.0
        counts = self._counts
        buckets = target._buckets
        for index in range(len(counts)):
            count = counts[index]
            if count:
                counts[index] = 0
                buckets[index].inc(count)
