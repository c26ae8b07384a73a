"""An in-process subgraph fetcher for executor tests: records requests, answers by function."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from gateway.execution import SubgraphRequest

Handler = Callable[[SubgraphRequest], Any]


class FakeFetch:
    """Calls `handlers[service_name](request)`; an awaitable result is awaited."""

    def __init__(self, **handlers: Handler) -> None:
        self.handlers = handlers
        self.requests: list[SubgraphRequest] = []

    async def __call__(self, request: SubgraphRequest) -> Any:
        self.requests.append(request)
        result = self.handlers[request.service_name](request)
        if isinstance(result, Awaitable):
            return await result
        return result

    def calls_to(self, service_name: str) -> list[SubgraphRequest]:
        return [r for r in self.requests if r.service_name == service_name]


def entities(resolve: Callable[[dict[str, Any]], Any]) -> Handler:
    """A handler answering `_entities` by mapping each representation through `resolve`."""

    def handler(request: SubgraphRequest) -> Any:
        reps = request.variables["representations"]
        return {"data": {"_entities": [resolve(rep) for rep in reps]}}

    return handler


async def hang_forever() -> Any:
    await asyncio.Event().wait()
