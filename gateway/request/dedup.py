"""Inbound deduplication: identical client queries in flight at once share one execution.

The pipeline asks `InflightRequests.share(key, start)` once a query has passed its own checks
(parsing, authorization, coercion, limits: every request still gets its own refusals).  The
first request with a key starts the execution in a task; requests with the same key arriving
before it finishes wait for that task and get the very same `GraphQLResponse` (its body is
encoded once, see `GraphQLResponse.encoded`).  Nothing is kept once the execution finishes:
this shares work in flight, it caches no answers.

The key (built by the pipeline) holds everything that can change an answer: the prepared
operation (document, operation name, supergraph, override labels, authorization), the
variables, the verified claims and every client header that is forwarded to a subgraph.  The
waiters are counted: when the last one goes away (its client disconnected), the execution is
cancelled rather than left running for nobody.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

from gateway.request.model import GraphQLResponse

__all__ = ["InflightRequests"]


class _Shared:
    __slots__ = ("start", "task", "waiters")

    def __init__(
        self, start: Callable[[], Awaitable[GraphQLResponse]], task: asyncio.Future[GraphQLResponse]
    ) -> None:
        # Kept with the entry: what it refers to (the prepared operation, whose `id` is part of
        # the key) stays alive, so no other object can take that `id` while the entry exists.
        self.start = start
        self.task = task
        self.waiters = 0


class InflightRequests:
    """The table of executions in flight, by key."""

    __slots__ = ("_table",)

    def __init__(self) -> None:
        self._table: dict[Hashable, _Shared] = {}

    def __len__(self) -> int:
        return len(self._table)

    def waiting(self) -> int:
        """Requests waiting on executions in flight, leaders included."""
        return sum(shared.waiters for shared in self._table.values())

    async def share(
        self, key: Hashable, start: Callable[[], Awaitable[GraphQLResponse]]
    ) -> tuple[GraphQLResponse, bool]:
        """The answer for `key` and whether it came from an execution already in flight."""
        shared = self._table.get(key)
        joined = shared is not None
        if shared is None:
            shared = _Shared(start, asyncio.ensure_future(start()))
            self._table[key] = shared
            shared.task.add_done_callback(lambda _task: self._forget(key, shared))
        shared.waiters += 1
        try:
            # Shielded: one waiter going away must not cancel the answer of the others.
            return await asyncio.shield(shared.task), joined
        finally:
            shared.waiters -= 1
            if shared.waiters == 0 and not shared.task.done():
                self._forget(key, shared)
                shared.task.cancel()

    def _forget(self, key: Hashable, shared: _Shared) -> None:
        if self._table.get(key) is shared:
            del self._table[key]
        task = shared.task
        if task.done() and not task.cancelled():
            task.exception()  # retrieved here: every waiter sees it, none is "never retrieved"
