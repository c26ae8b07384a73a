"""The in-memory APQ store: LRU eviction and expiry."""

from __future__ import annotations

import pytest

from gateway.policy.persisted import MemoryStore


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_least_recently_used_entry_is_evicted_first() -> None:
    store = MemoryStore(2)
    await store.put("a", "A")
    await store.put("b", "B")
    assert await store.get("a") == "A"  # "b" is now the least recently used
    await store.put("c", "C")
    assert (await store.get("a"), await store.get("b"), await store.get("c")) == ("A", None, "C")
    assert len(store) == 2


async def test_entries_expire_after_ttl() -> None:
    clock = Clock()
    store = MemoryStore(10, ttl_seconds=60, clock=clock)
    await store.put("a", "A")
    clock.now += 59
    assert await store.get("a") == "A"
    clock.now += 1
    assert await store.get("a") is None
    assert len(store) == 0


async def test_rewriting_an_entry_restarts_its_ttl() -> None:
    clock = Clock()
    store = MemoryStore(10, ttl_seconds=60, clock=clock)
    await store.put("a", "A")
    clock.now += 50
    await store.put("a", "A")
    clock.now += 50
    assert await store.get("a") == "A"


async def test_without_ttl_entries_do_not_expire() -> None:
    clock = Clock()
    store = MemoryStore(10, clock=clock)
    await store.put("a", "A")
    clock.now += 10**9
    assert await store.get("a") == "A"


def test_store_needs_room_for_one_entry() -> None:
    with pytest.raises(ValueError, match="at least 1 entry"):
        MemoryStore(0)


async def test_total_size_is_bounded_by_evicting_the_oldest() -> None:
    store = MemoryStore(100, max_chars=10)
    await store.put("a", "aaaa")
    await store.put("b", "bbbb")
    await store.put("c", "cccc")
    assert (await store.get("a"), await store.get("b"), await store.get("c")) == (
        None,
        "bbbb",
        "cccc",
    )
    assert store.chars == 8


async def test_text_larger_than_the_whole_store_is_not_kept() -> None:
    store = MemoryStore(100, max_chars=10)
    await store.put("a", "aaaa")
    await store.put("big", "x" * 11)
    assert await store.get("big") is None
    assert await store.get("a") == "aaaa"


async def test_rewriting_an_entry_does_not_count_it_twice() -> None:
    store = MemoryStore(100, max_chars=10)
    for _ in range(5):
        await store.put("a", "aaaa")
    assert store.chars == 4
    assert len(store) == 1
