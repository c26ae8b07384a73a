"""A shared answer is read by many callers: each gets objects and lists of its own, the last
reader the original, and no caller can change what another reads."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gateway.execution.inflight import InflightTable
from gateway.execution.merge import copy_json

_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=40,
)


def _containers(value: Any, into: list[Any]) -> list[Any]:
    """Every dict and list in `value` (itself included), depth first."""
    if isinstance(value, dict):
        into.append(value)
        for item in value.values():
            _containers(item, into)
    elif isinstance(value, list):
        into.append(value)
        for item in value:
            _containers(item, into)
    return into


def _leaves(value: Any, into: list[Any]) -> list[Any]:
    if isinstance(value, dict):
        for item in value.values():
            _leaves(item, into)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, into)
    else:
        into.append(value)
    return into


@given(_JSON)
def test_a_copy_is_equal_shares_no_container_and_shares_the_leaves(value: Any) -> None:
    copied = copy_json(value)
    assert copied == value
    originals = {id(c) for c in _containers(value, [])}
    assert not originals & {id(c) for c in _containers(copied, [])}
    assert all(a is b for a, b in zip(_leaves(copied, []), _leaves(value, []), strict=True))


async def test_a_single_caller_is_the_last_reader() -> None:
    table: InflightTable[str] = InflightTable()

    async def start() -> str:
        await asyncio.sleep(0)
        return "answer"

    assert await table.share_counted("k", start) == ("answer", False, True)


async def test_of_callers_sharing_work_exactly_the_last_to_resume_is_the_last_reader() -> None:
    table: InflightTable[str] = InflightTable()
    release = asyncio.Event()
    order: list[int] = []

    async def start() -> str:
        await release.wait()
        return "answer"

    async def caller(number: int) -> bool:
        _, _, last = await table.share_counted("k", start)
        order.append(number)
        return last

    callers = [asyncio.ensure_future(caller(n)) for n in range(4)]
    await asyncio.sleep(0)
    release.set()
    lasts = await asyncio.gather(*callers)
    assert lasts.count(True) == 1
    assert lasts.index(True) == order[-1]


async def test_no_one_is_the_last_reader_when_a_caller_gave_up() -> None:
    table: InflightTable[str] = InflightTable()
    release = asyncio.Event()

    async def start() -> str:
        await release.wait()
        return "answer"

    leaver = asyncio.ensure_future(table.share_counted("k", start))
    stayers = [asyncio.ensure_future(table.share_counted("k", start)) for _ in range(2)]
    await asyncio.sleep(0)
    leaver.cancel()
    await asyncio.sleep(0)
    release.set()
    results = await asyncio.gather(*stayers)
    assert [last for _, _, last in results] == [False, False]


async def test_a_caller_joining_finished_but_unforgotten_work_is_not_the_last_reader() -> None:
    table: InflightTable[str] = InflightTable()

    async def start() -> str:
        return "answer"

    first = asyncio.ensure_future(table.share_counted("k", start))
    # Let the work finish: its result is relayed to `first` one turn of the loop later, and the
    # table forgets it in between; a caller arriving right after the work ended still finds it.
    while not any(shared.task.done() for shared in table._table.values()):  # noqa: ASYNC110 - a turn of the loop, not an event
        await asyncio.sleep(0)
    late = await table.share_counted("k", start)
    early = await first
    assert late == ("answer", True, False)
    assert early == ("answer", False, True)  # the late caller took its result first
