"""What a run is told (`Settings`) and how it drives the events subgraph (`EventsControl`)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import aiohttp

__all__ = ["EventsControl", "Settings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    subscribers: int
    events: int
    gap: float  # seconds between one fan-out completing and the next emit
    settle: float  # seconds the gateway is left alone before its RSS is read
    timeout: float  # seconds an opening or one fan-out may take
    throughput: bool
    rounds: int  # throughput rounds (each state measured once per round)
    rate: float  # events per second while wrk runs
    seconds: float
    warmup: float
    connections: int
    profile: bool  # py-spy over the fan-out
    trace_memory: bool  # tracemalloc over the opening
    gc: bool  # the garbage collector's time in each throughput run


class EventsControl:
    """The events subgraph's trigger and its count of open subscriptions; the catalog's count
    of requests answered.

    Its aiohttp client opens a connection per request: between two emits the gateway may be
    measured for longer than uvicorn keeps an idle connection, and reusing one it closed fails.
    """

    def __init__(self, session: aiohttp.ClientSession, base: str, catalog_base: str) -> None:
        self.session = session
        self.base = base
        self.catalog_base = catalog_base

    async def catalog_requests(self) -> int:
        async with self.session.get(f"{self.catalog_base}/stats") as response:
            requests: int = (await response.json())["requests"]
        return requests

    async def emit(self, seq: int) -> str:
        """Emits event `seq`; its emit time (ns, as the event carries it)."""
        async with self.session.post(f"{self.base}/emit", json={"seq": seq}) as response:
            body = await response.json()
        emitted: str = body["emittedNs"]
        return emitted

    async def wait_open(self, count: int, seconds: float) -> bool:
        """True once the subgraph has exactly `count` subscriptions open (within `seconds`)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while True:
                    async with self.session.get(f"{self.base}/subscribers") as response:
                        if (await response.json())["open"] == count:
                            return True
                    await asyncio.sleep(0.05)
        return False
