"""The `events` subgraph: one subscription field whose events come from POST /emit.

    subscription($subscriber: Int!) { events(subscriber: $subscriber) {
        seq emittedNs subscriber article { id } } }

`POST /emit {"seq": 3}` stamps the event with the wall clock (`time.time_ns()`) and hands it to
every open subscription at once; each subscriber's event names the `Article` with id
`"<subscriber>-<seq>"`, whose `title` only the `catalog` subgraph resolves, so every event
costs the gateway one entity fetch.  `GET /subscribers` says how many subscriptions are open
(the runner waits for all of them before emitting).  Strawberry serves GraphQL over HTTP and
over WebSocket (`graphql-transport-ws`) on /graphql.

    python -m bench.subscriptions.events --port 4211
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import AsyncGenerator

import strawberry
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL

__all__ = ["Broadcaster", "events_app"]


class Broadcaster:
    """The open subscriptions' queues; `emit` puts one stamped event into each."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[tuple[int, int]]] = set()

    def emit(self, seq: int) -> tuple[int, int]:
        """(emit time in ns, subscriptions reached)."""
        emitted = time.time_ns()
        for queue in self.queues:
            queue.put_nowait((seq, emitted))
        return emitted, len(self.queues)


@strawberry.federation.type(keys=["id"])
class Article:
    id: strawberry.ID


@strawberry.type
class Event:
    seq: int
    # Nanoseconds since the epoch: past GraphQL's 32-bit Int, so a string.
    emitted_ns: str
    subscriber: int
    article: Article


@strawberry.type
class Query:
    @strawberry.field
    def open_subscriptions(self, info: strawberry.Info) -> int:
        broadcaster: Broadcaster = info.context["request"].app.state.broadcaster
        return len(broadcaster.queues)


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def events(
        self, info: strawberry.Info, subscriber: int = 0
    ) -> AsyncGenerator[Event, None]:
        broadcaster: Broadcaster = info.context["request"].app.state.broadcaster
        queue: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
        broadcaster.queues.add(queue)
        try:
            while True:
                seq, emitted = await queue.get()
                article = Article(id=strawberry.ID(f"{subscriber}-{seq}"))
                yield Event(seq=seq, emitted_ns=str(emitted), subscriber=subscriber,
                            article=article)  # fmt: skip
        finally:
            broadcaster.queues.discard(queue)


SCHEMA = strawberry.federation.Schema(query=Query, subscription=Subscription, types=[Article])


def events_app() -> Starlette:
    graphql = GraphQL(SCHEMA)
    broadcaster = Broadcaster()

    async def emit(request: Request) -> Response:
        body = await request.json()
        seq = body.get("seq") if isinstance(body, dict) else None
        if not isinstance(seq, int):
            return JSONResponse({"error": 'POST {"seq": <int>}'}, status_code=400)
        emitted, reached = broadcaster.emit(seq)
        return JSONResponse({"seq": seq, "emittedNs": str(emitted), "subscribers": reached})

    async def subscribers(_request: Request) -> Response:
        return JSONResponse({"open": len(broadcaster.queues)})

    async def health(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/emit", emit, methods=["POST"]),
            Route("/subscribers", subscribers),
            # A Mount would refuse the WebSocket handshake: one route per scope type.
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ]
    )
    app.state.broadcaster = broadcaster
    return app


def main() -> None:
    prog = "python -m bench.subscriptions.events"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4211)
    args = parser.parse_args()
    uvicorn.run(
        events_app(), host=args.host, port=args.port, loop="uvloop", http="httptools",
        access_log=False, log_level="warning", backlog=4096,
    )  # fmt: skip


if __name__ == "__main__":
    main()
