"""What an APQ store is, and the two-level store that puts memory in front of Redis."""

from __future__ import annotations

from typing import Protocol

from gateway.policy.persisted.memory import MemoryStore

__all__ = ["QueryStore", "TieredStore"]


class QueryStore(Protocol):
    """Query texts by sha256 hash; a store that cannot answer says None, it never raises."""

    async def get(self, key: str) -> str | None: ...

    async def put(self, key: str, text: str) -> None: ...

    async def close(self) -> None: ...


class TieredStore:
    """This instance's hot hashes in memory, every instance's in the shared store behind it.

    A hash found in memory costs no round trip; one found behind is copied to memory.  A text
    this instance already holds is not written again, so a client that always sends hash and
    text (some do) costs one shared write per instance and TTL, not one per request.
    """

    __slots__ = ("back", "front")

    def __init__(self, front: MemoryStore, back: QueryStore) -> None:
        self.front = front
        self.back = back

    async def get(self, key: str) -> str | None:
        text = self.front.peek(key)
        if text is not None:
            return text
        text = await self.back.get(key)
        if text is not None:
            self.front.keep(key, text)
        return text

    async def put(self, key: str, text: str) -> None:
        if self.front.peek(key) == text:
            return
        self.front.keep(key, text)
        await self.back.put(key, text)

    async def close(self) -> None:
        await self.front.close()
        await self.back.close()
