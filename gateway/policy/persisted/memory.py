"""The in-process APQ store: a least-recently-used map of query texts with an optional TTL."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["MemoryStore"]


class MemoryStore:
    """Keeps at most `max_entries` texts totalling at most `max_chars` characters; each expires
    `ttl_seconds` after it was stored (never when `ttl_seconds` is None).  Single event loop, so
    no locking."""

    __slots__ = ("_chars", "_clock", "_entries", "max_chars", "max_entries", "ttl_seconds")

    def __init__(
        self,
        max_entries: int,
        *,
        max_chars: int = 64 * 1024 * 1024,
        ttl_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError(f"the APQ memory store needs at least 1 entry, not {max_entries}")
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        # hash -> (query text, monotonic deadline or None)
        self._entries: OrderedDict[str, tuple[str, float | None]] = OrderedDict()
        self._chars = 0

    def peek(self, key: str) -> str | None:
        """The stored text, if present and alive, without waiting on anything."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        text, deadline = entry
        if deadline is not None and self._clock() >= deadline:
            del self._entries[key]
            self._chars -= len(text)
            return None
        self._entries.move_to_end(key)
        return text

    def keep(self, key: str, text: str) -> None:
        if len(text) > self.max_chars:
            return
        deadline = None if self.ttl_seconds is None else self._clock() + self.ttl_seconds
        previous = self._entries.pop(key, None)
        if previous is not None:
            self._chars -= len(previous[0])
        self._entries[key] = (text, deadline)
        self._chars += len(text)
        while len(self._entries) > self.max_entries or self._chars > self.max_chars:
            _, (evicted, _) = self._entries.popitem(last=False)
            self._chars -= len(evicted)

    async def get(self, key: str) -> str | None:
        return self.peek(key)

    async def put(self, key: str, text: str) -> None:
        self.keep(key, text)

    async def close(self) -> None:
        self._entries.clear()
        self._chars = 0

    @property
    def chars(self) -> int:
        """Characters held, all texts together."""
        return self._chars

    def __len__(self) -> int:
        return len(self._entries)
