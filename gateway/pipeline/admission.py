"""How many requests execute their plans at once: few while the event loop is busy, more when
it waits.

A request's data (decoded answers, the merged tree, the shaped answer) is touched again after
every subgraph call.  With fifty requests executing at once, each one's data has left the CPU's
caches by the time its next answer arrives, and the same work costs half as much again
(docs/performance.md, "Executing fewer requests at once").  So while the event loop is busy a
request waits for one of `floor` places before it executes its plan; a busy loop loses nothing
by starting it a little later, and the requests in progress finish sooner.

A bound like that would starve a loop whose requests mostly wait (slow subgraphs): every place
held by a request waiting on the network, the CPU idle, the queue growing.  So the bound holds
only while the loop is busy: while requests are waiting for a place, every `window` seconds the
loop's thread's CPU time is compared with the time passed, and when it used less than `busy` of
it the bound doubles and the queue moves on.  While the loop is busy it halves again, down to
`floor`.  A process sharing its core with others reads as idle and runs unbounded, as without
this class: the bound only ever holds where the loop is demonstrably saturated.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

__all__ = ["Admission"]


class Admission:
    """The places for executing plans in one event loop; `floor` 0 bounds nothing."""

    __slots__ = (
        "_cpu_at",
        "_queue",
        "_timer",
        "_wall_at",
        "busy",
        "ceiling",
        "executing",
        "floor",
        "limit",
        "window",
    )

    def __init__(
        self, floor: int = 0, *, window: float = 0.05, busy: float = 0.9, ceiling: int = 4096
    ) -> None:
        self.floor = floor
        self.window = window
        self.busy = busy
        self.ceiling = max(ceiling, floor)
        self.limit = floor
        self.executing = 0
        self._queue: deque[asyncio.Future[None]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._wall_at = 0.0
        self._cpu_at = 0.0

    @property
    def waiting(self) -> int:
        return len(self._queue)

    def enter(self) -> asyncio.Future[None] | None:
        """None when the caller may execute now; else a future to await first (`wait`)."""
        if self.floor <= 0:
            return None
        if self.executing < self.limit and not self._queue:
            self.executing += 1
            if self.limit > self.floor and self._timer is None:
                self._measure_from(asyncio.get_running_loop())  # to narrow it again if busy
            return None
        loop = asyncio.get_running_loop()
        place: asyncio.Future[None] = loop.create_future()
        self._queue.append(place)
        if self._timer is None:
            self._measure_from(loop)
        return place

    async def wait(self, place: asyncio.Future[None]) -> None:
        """Wait for the place `enter` gave; a caller cancelled meanwhile gives it back."""
        try:
            await place
        except asyncio.CancelledError:
            if place.done() and not place.cancelled():
                self.leave()  # granted, then cancelled before it could run
            else:
                self._drop(place)
            raise

    def leave(self) -> None:
        """A request done executing (or cancelled): its place goes to the next in the queue."""
        if self.floor <= 0:
            return
        self.executing -= 1
        self._admit()

    def _drop(self, place: asyncio.Future[None]) -> None:
        if place in self._queue:
            self._queue.remove(place)

    def _admit(self) -> None:
        queue = self._queue
        while queue and self.executing < self.limit:
            place = queue.popleft()
            if place.done():  # cancelled while queued
                continue
            self.executing += 1
            place.set_result(None)

    def _measure_from(self, loop: asyncio.AbstractEventLoop) -> None:
        self._wall_at = time.monotonic()
        self._cpu_at = time.thread_time()
        self._timer = loop.call_later(self.window, self._judge, loop)

    def _judge(self, loop: asyncio.AbstractEventLoop) -> None:
        """Every `window` while requests wait or the bound is above `floor`: widen it if the
        loop was not busy and requests wait, narrow it if the loop was busy."""
        self._timer = None
        wall = time.monotonic() - self._wall_at
        cpu = time.thread_time() - self._cpu_at
        busy = not (wall > 0 and cpu < self.busy * wall)
        if busy:
            self.limit = max(self.floor, self.limit // 2)
        elif self._queue:
            self.limit = min(self.ceiling, max(self.limit * 2, self.executing + 1))
        self._admit()
        # Measured on while requests wait, or while a busy loop has the bound to narrow; an idle
        # loop keeps no timer (the next request that finds the bound above `floor` starts one).
        if self._queue or (busy and self.limit > self.floor):
            self._measure_from(loop)
