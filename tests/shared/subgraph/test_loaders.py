"""The kit's batched loaders answer in key order, fill gaps, and batch one call per group."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from shared.subgraph.loaders import batched, grouped


def test_batched_answers_in_key_order_with_missing_keys_filled() -> None:
    calls: list[list[str]] = []

    async def fetch(ids: list[str]) -> Mapping[str, int]:
        calls.append(ids)
        return {i: int(i) for i in ids if i != "2"}

    async def run() -> list[int | None]:
        loader = batched(fetch, missing=None)
        return list(await asyncio.gather(*(loader.load(k) for k in ["3", "1", "2", "3"])))

    assert asyncio.run(run()) == [3, 1, None, 3]
    assert calls == [["3", "1", "2"]]


def test_batched_missing_can_be_an_empty_value() -> None:
    async def fetch(ids: list[str]) -> Mapping[str, tuple[str, ...]]:
        return {"a": ("x",)}

    async def run() -> list[tuple[str, ...]]:
        return await batched(fetch, missing=()).load_many(["b", "a"])

    assert asyncio.run(run()) == [(), ("x",)]


def test_grouped_makes_one_call_per_group_and_keeps_key_order() -> None:
    calls: list[tuple[int, list[str]]] = []

    async def fetch(size: int, ids: list[str]) -> Mapping[str, str]:
        calls.append((size, ids))
        return {i: f"{i}/{size}" for i in ids if i != "gone"}

    async def run() -> list[str | None]:
        loader = grouped(fetch, split=lambda key: key, missing=None)
        keys = [(2, "a"), (5, "b"), (2, "c"), (2, "a"), (5, "gone")]
        return await loader.load_many(keys)

    assert asyncio.run(run()) == ["a/2", "b/5", "c/2", "a/2", None]
    assert sorted(calls) == [(2, ["a", "c"]), (5, ["b", "gone"])]
