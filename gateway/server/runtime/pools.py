"""Subgraph HTTP pools that count their calls in flight, so a pool replaced by a reload closes
when its last call ends.

A reload that changes subgraph URLs gives the new pipeline a new `TrackedClient`; the old one is
`retire`d.  Requests that started on the old pipeline keep calling the old client, so it closes
only once no call is in flight.  Should a late request of the old generation call it after that
(between two fetches of one plan), the client opens a fresh session and works; it closes again
when that call ends, so retirement never fails a request and never leaks a pool for long.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from gateway.execution import SubgraphRequest
from gateway.traffic.subgraphs import SubgraphGuard
from gateway.transport import SubgraphHttpClient

__all__ = ["TrackedClient", "retire_after"]


class TrackedClient(SubgraphHttpClient):
    """A `SubgraphHttpClient` that knows how many of its calls are in flight."""

    # The options are spelt out: the compiled base class's keyword-only parameters do not
    # take a forwarded `**options` reliably (mypyc bound them to the wrong parameters).
    def __init__(
        self,
        endpoints: dict[str, str],
        *,
        deduplicate: bool = True,
        guard: SubgraphGuard | None = None,
        share_max_age: Callable[[str], float | None] | None = None,
    ) -> None:
        super().__init__(
            endpoints, deduplicate=deduplicate, guard=guard, share_max_age=share_max_age
        )
        self.active = 0
        self.retired = False
        self._closing: set[asyncio.Task[None]] = set()

    async def fetch(self, request: SubgraphRequest, guard: SubgraphGuard | None) -> Any:
        self.active += 1
        try:
            return await super().fetch(request, guard)
        finally:
            self.active -= 1
            if self.retired and self.active == 0:
                self._close_soon()

    def retire(self) -> None:
        """Close the pools as soon as no call is in flight (now, if none is)."""
        self.retired = True
        if self.active == 0:
            self._close_soon()

    async def drained(self) -> None:
        """Waits for the closes that `retire` started."""
        while self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    def _close_soon(self) -> None:
        task = asyncio.get_running_loop().create_task(self.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)


def retire_after(client: SubgraphHttpClient, seconds: float) -> asyncio.Task[None]:
    """Closes a client that does not count its calls once the longest fetch must have ended."""

    async def later() -> None:
        await asyncio.sleep(seconds)
        await client.close()

    return asyncio.get_running_loop().create_task(later())
