"""Sharing work in flight: callers asking for the same key while it runs wait for one result.

Used twice: identical subgraph fetches (`gateway.transport`) and identical client queries
(`gateway.pipeline.dedup`).  The first caller with a key starts the work in a task; later callers
with that key wait for the same task.  Each waiter is shielded (one giving up never cancels the
others); when the last waiter is gone the work is cancelled and forgotten, so a newcomer starts
afresh instead of joining a corpse.  Nothing is kept once the work finishes.  Work older than
`max_age` is not joined either: under steady traffic a hung call would otherwise never lose
its last waiter and keep every newcomer waiting on it after its dependency has recovered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["InflightTable"]

T = TypeVar("T")


class _Shared(Generic[T]):
    __slots__ = ("born", "start", "task", "waiters")

    def __init__(
        self, start: Callable[[], Awaitable[T]], task: asyncio.Future[T], born: float
    ) -> None:
        # Kept with the entry: what `start` refers to stays alive while the entry exists (a
        # caller may put an object's `id` in the key).
        self.start = start
        self.task = task
        self.waiters = 0
        self.born = born


class _Relay(Generic[T]):
    """`asyncio.shield` for one waiter, compiled: the task's outcome is copied to the waiter's
    future, and a waiter that gives up (its future cancelled) leaves the task running."""

    __slots__ = ("on_task", "task", "waiter")

    def __init__(self, task: asyncio.Future[T], waiter: asyncio.Future[T]) -> None:
        self.task = task
        self.waiter = waiter
        # The same bound method to add and to remove.
        self.on_task: Callable[[asyncio.Future[T]], None] = self.copy
        task.add_done_callback(self.on_task)
        waiter.add_done_callback(self.left)

    def copy(self, task: asyncio.Future[T]) -> None:
        waiter = self.waiter
        if waiter.done():
            return
        if task.cancelled():
            waiter.cancel()
            return
        error = task.exception()
        if error is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result(task.result())

    def left(self, waiter: asyncio.Future[T]) -> None:
        if waiter.cancelled() and not self.task.done():
            self.task.remove_done_callback(self.on_task)


class InflightTable(Generic[T]):
    """The work in flight, by key."""

    __slots__ = ("_table",)

    def __init__(self) -> None:
        self._table: dict[Hashable, _Shared[T]] = {}

    def __len__(self) -> int:
        return len(self._table)

    def waiting(self) -> int:
        """Callers waiting on work in flight, the ones that started it included."""
        return sum(shared.waiters for shared in self._table.values())

    async def share(
        self, key: Hashable, start: Callable[[], Awaitable[T]], max_age: float | None = None
    ) -> tuple[T, bool]:
        """The result for `key` and whether it came from work already in flight.

        Work in flight for longer than `max_age` seconds is left to its waiters; this caller
        starts afresh (and later callers join the new work).
        """
        # The loop asked once (each ask is a getpid() system call in CPython 3.11).
        loop = asyncio.get_running_loop()
        shared = self._table.get(key)
        if shared is not None and max_age is not None and loop.time() - shared.born > max_age:
            shared = None
        joined = shared is not None
        if shared is None:
            shared = _Shared(start, asyncio.ensure_future(start(), loop=loop), loop.time())
            self._table[key] = shared
            entry = shared
            shared.task.add_done_callback(lambda _task: self._forget(key, entry))
        task = shared.task
        shared.waiters += 1
        try:
            if task.done():
                return task.result(), joined
            waiter: asyncio.Future[T] = loop.create_future()
            _Relay(task, waiter)
            return await waiter, joined
        finally:
            shared.waiters -= 1
            if shared.waiters == 0 and not shared.task.done():
                self._forget(key, shared)
                shared.task.cancel()

    def _forget(self, key: Hashable, shared: _Shared[T]) -> None:
        if self._table.get(key) is shared:
            del self._table[key]
        task = shared.task
        if task.done() and not task.cancelled():
            task.exception()  # retrieved here: every waiter sees it, none is "never retrieved"
