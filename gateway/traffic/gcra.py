"""The generic cell rate algorithm (GCRA) and the in-process store of its state.

A rate of `limit` per `window` is an emission interval `T = window / limit` and a burst
tolerance of the whole window.  Each key stores one number, its theoretical arrival time (TAT):
when the next request would be due if requests came evenly.  A request of weight `cost` moves
it to `max(TAT, now) + cost·T`; it is refused when that lands more than `window` after now, and
the excess is exactly how long the client must wait (`Retry-After`).  So `limit` requests may
come at once, and then one every `T`: no burst of twice the limit at a window's edge (as fixed
windows allow), one number per key (not a log of timestamps).  Times are whole microseconds, as
in the Redis script (`gateway.traffic.redis_store`), so that both stores agree to the request.
Why GCRA: docs/decisions/0004-rate-limits.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MemoryStore", "Rate", "monotonic_us"]


def monotonic_us() -> int:
    return time.monotonic_ns() // 1000


@dataclass(frozen=True, slots=True)
class Rate:
    """`limit` per `window_seconds`, as GCRA reads it (microseconds)."""

    interval_us: int
    window_us: int

    @classmethod
    def of(cls, limit: int, window_seconds: float) -> Rate:
        window_us = max(1, round(window_seconds * 1_000_000))
        # Rounded down: `limit` requests at once always fit in the window.
        return cls(interval_us=max(1, window_us // limit), window_us=window_us)


class MemoryStore:
    """GCRA state of every key in this process; at most `max_keys` keys are kept.

    Keys whose TAT has passed hold nothing a new key would not (a fresh start), so they are
    dropped when the table is full; if it is still full, the oldest keys go (they are forgiven
    what they used: memory must stay bounded whatever addresses clients come from).
    """

    __slots__ = ("_clock", "_tats", "max_keys")

    def __init__(self, *, max_keys: int = 100_000, clock: Callable[[], int] = monotonic_us) -> None:
        self.max_keys = max_keys
        self._clock = clock
        self._tats: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._tats)

    def take(self, key: str, rate: Rate, cost: int = 1) -> float:
        """0.0 when `cost` requests fit now (and counts them), else seconds until they would."""
        now = self._clock()
        tats = self._tats
        tat = tats.get(key, now)
        if tat < now:
            tat = now
        new = tat + rate.interval_us * cost
        wait = new - now - rate.window_us
        if wait > 0:
            return wait / 1_000_000
        if len(tats) >= self.max_keys and key not in tats:
            self._sweep(now)
        tats[key] = new
        return 0.0

    def _sweep(self, now: int) -> None:
        tats = self._tats
        for key in [key for key, tat in tats.items() if tat <= now]:
            del tats[key]
        if len(tats) >= self.max_keys:
            for key in list(tats)[: max(1, self.max_keys // 4)]:
                del tats[key]
