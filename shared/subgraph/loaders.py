"""Batched loaders: one store call per batch of keys, answers in the order the keys came.

A store method answers a batch with a mapping from key to what it found; a DataLoader needs a
list in key order. `batched` turns the one into the other (a missing key gets `missing`),
and `grouped` does the same for keys that carry extra arguments (page size, filters), making
one store call per distinct argument set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

__all__ = ["batched", "grouped"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
G = TypeVar("G", bound=Hashable)
I = TypeVar("I", bound=Hashable)  # noqa: E741 (the id part of a grouped key)


def batched(
    fetch: Callable[[list[K]], Awaitable[Mapping[K, V]]], *, missing: V
) -> DataLoader[K, V]:
    """A DataLoader whose batch is one `fetch` of the distinct keys; `missing` fills gaps."""

    async def load(keys: Sequence[K]) -> list[V]:
        found = await fetch(list(dict.fromkeys(keys)))
        return [found.get(key, missing) for key in keys]

    return DataLoader(load_fn=load)


def grouped(
    fetch: Callable[[G, list[I]], Awaitable[Mapping[I, V]]],
    *,
    split: Callable[[K], tuple[G, I]],
    missing: V,
) -> DataLoader[K, V]:
    """A DataLoader over keys that split into (arguments, id): one `fetch(arguments, ids)` per
    distinct arguments in a batch, run concurrently; `missing` fills ids a fetch left out."""

    async def load(keys: Sequence[K]) -> list[V]:
        groups: dict[G, list[I]] = {}
        for key in keys:
            group, item = split(key)
            ids = groups.setdefault(group, [])
            if item not in ids:
                ids.append(item)
        results = await asyncio.gather(*(fetch(group, ids) for group, ids in groups.items()))
        by_group = dict(zip(groups, results, strict=True))
        answers: list[V] = []
        for key in keys:
            group, item = split(key)
            answers.append(by_group[group].get(item, missing))
        return answers

    return DataLoader(load_fn=load)
