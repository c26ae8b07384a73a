"""The kept-alive connections to one origin: at most `limit` open, idle ones closed after a while.

A request takes the most recently used idle connection (the one the server is least likely to
have closed), else opens one while fewer than `limit` are open, else waits in line.  A
connection given back goes straight to the first in line, so waiting is first come, first
served; a connection that closed or broke frees its place for the first in line instead.
A connection the server closes while idle leaves the pool as soon as the loss is seen, and
idle connections are closed after `keepalive` seconds by one timer per pool.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

from gateway.transport.http1.connection import Connection
from gateway.transport.http1.errors import CLOSED, HttpFailure

__all__ = ["Pool"]

# What a waiter is handed: a kept-alive connection, or None for a free place to open one in.
_Handed = Connection | None


class Pool:
    """Connections to one (scheme, host, port)."""

    __slots__ = (
        "_all",
        "_connect",
        "_idle",
        "_keepalive",
        "_limit",
        "_loop",
        "_places",
        "_timer",
        "_waiters",
        "closed",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        connect: Callable[[Pool], Awaitable[Connection]],
        *,
        limit: int,
        keepalive: float,
    ) -> None:
        self._loop = loop
        self._connect = connect
        self._limit = max(1, limit)
        self._keepalive = keepalive
        self._all: set[Connection] = set()  # open, idle or busy
        self._idle: list[Connection] = []  # least recently used first
        self._waiters: deque[asyncio.Future[_Handed]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self.closed = False
        # Places taken: connections open or opening, and places handed to waiters.
        self._places = 0

    def __len__(self) -> int:
        """Connections open, idle or busy."""
        return len(self._all)

    async def acquire(self, *, fresh: bool = False) -> Connection:
        """A connection for one exchange; `fresh`: a newly opened one, never a kept-alive one."""
        while True:
            if self.closed:
                raise HttpFailure(CLOSED, answered=False)
            idle = self._idle
            if idle and not fresh:
                conn = idle.pop()
                conn.idle = False
                if conn.open and self._loop.time() - conn.idle_since < self._keepalive:
                    return conn
                self._close_keeping_place(conn)  # expired: a new one takes its place
                return await self._open()
            if idle and self._places >= self._limit:
                # The oldest kept-alive connection makes way for the fresh one.
                conn = idle.pop(0)
                conn.idle = False
                self._close_keeping_place(conn)
                return await self._open()
            if self._places < self._limit:
                self._places += 1
                return await self._open()
            handed = await self._wait()
            if self.closed:
                raise HttpFailure(CLOSED, answered=False)
            if handed is None:
                return await self._open()
            if handed.counted:
                if not fresh and handed.open:
                    return handed
                self._close_keeping_place(handed)
                return await self._open()
            # Lost on its way here; its place went to the next in line: queue again.

    def release(self, conn: Connection) -> None:
        """Gives back a connection whose exchange ended (well or not)."""
        if not conn.reusable or not conn.open or self.closed:
            self.discard(conn)
            return
        waiters = self._waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        conn.idle = True
        conn.idle_since = self._loop.time()
        self._idle.append(conn)
        if self._timer is None:
            self._timer = self._loop.call_at(conn.idle_since + self._keepalive, self._expire)

    def discard(self, conn: Connection) -> None:
        """Closes a connection and frees its place (once, however often it is called)."""
        conn.close()
        self.lost(conn)

    def lost(self, conn: Connection) -> None:
        """The connection closed (the protocol's `connection_lost`, or `discard`)."""
        if not conn.counted:
            return
        conn.counted = False
        self._all.discard(conn)
        if conn.idle:
            conn.idle = False
            self._idle.remove(conn)
        self._free_place()

    def close(self) -> None:
        """Closes every connection, idle or busy; exchanges in flight fail, waiters too."""
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        connections, self._all, self._idle = list(self._all), set(), []
        for conn in connections:
            conn.counted = conn.idle = False
            conn.close()
        self._places = 0
        waiters, self._waiters = self._waiters, deque()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)  # the waiter finds the pool closed

    # -- places

    async def _open(self) -> Connection:
        """Opens a connection in a place already taken; frees the place if it fails."""
        try:
            conn = await self._connect(self)
        except BaseException:
            self._free_place()
            raise
        if self.closed:
            conn.close()
            raise HttpFailure(CLOSED, answered=False)
        conn.counted = True
        self._all.add(conn)
        return conn

    async def _wait(self) -> _Handed:
        waiter: asyncio.Future[_Handed] = self._loop.create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if not waiter.cancelled():
                # Handed something just before the cancellation arrived: pass it on.
                handed = waiter.result()
                if handed is None:
                    self._free_place()
                else:
                    self.release(handed)
            raise

    def _free_place(self) -> None:
        if self.closed:
            return
        waiters = self._waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the place goes to the first in line
                return
        self._places -= 1

    def _close_keeping_place(self, conn: Connection) -> None:
        """Closes a connection whose place the caller reuses at once for a new one."""
        if conn.counted:
            conn.counted = False
            self._all.discard(conn)
        conn.close()

    def _expire(self) -> None:
        """Closes the connections idle for `keepalive` seconds; waits for the next to expire."""
        self._timer = None
        idle = self._idle
        deadline = self._loop.time() - self._keepalive
        while idle and idle[0].idle_since <= deadline:
            self.discard(idle[0])
        if idle:
            self._timer = self._loop.call_at(idle[0].idle_since + self._keepalive, self._expire)
