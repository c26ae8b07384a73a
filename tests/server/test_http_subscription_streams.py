"""Subscriptions streamed over HTTP (SSE, multipart), in-process over ASGI with a client that can
stop reading or leave, and a pipeline whose subscription the test controls: keep-alives, a
client too slow to read, the process's limit, and the endings the hub decides."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import orjson
import pytest

from gateway.config import BatchingConfig, GatewayConfig, SubscriptionsConfig
from gateway.pipeline import RequestPipeline
from gateway.request import (
    ExecutionResult,
    GraphQLRequest,
    Outcome,
    Refusal,
    RequestContext,
    SubscriptionResult,
    refusal,
)
from gateway.server import Gateway, create_app
from gateway.server.http.app import GatewayApp
from gateway.transport import SubgraphHttpClient
from tests.pipeline.standins import CountingPlanner, FakeSupergraph, RecordingFetch

from .inprocess import ME

WAIT = 10.0
SSE = "text/event-stream"
MULTIPART = 'multipart/mixed;subscriptionSpec="1.0", application/json'
COMPLETE = b"event: complete\ndata:\n\n"
CLOSE = b"\r\n--graphql--\r\n"


class Events:
    """The subscription the pipeline opens: `count` events (None: endless), `pause` apart,
    ending with a refusal when `fail`."""

    def __init__(self, count: int | None = None, pause: float = 0.0, fail: bool = False) -> None:
        self.count = count
        self.pause = pause
        self.fail = fail
        self.opened = 0
        self.closed = 0

    async def stream(self) -> AsyncIterator[ExecutionResult | Refusal]:
        self.opened += 1
        try:
            index = 0
            while self.count is None or index < self.count:
                yield ExecutionResult(data={"tick": index})
                index += 1
                await asyncio.sleep(self.pause)
            if self.fail:
                yield refusal("The event store is down.", "SUBSCRIPTION_FAILED")
        finally:
            self.closed += 1


class StubPipeline(RequestPipeline):
    """Opens `events` for a subscription; answers anything else `{"ok": true}`."""

    def __init__(self, events: Events) -> None:
        super().__init__(FakeSupergraph(), CountingPlanner(), RecordingFetch(ME))
        self.events = events

    async def subscribe(
        self, request: GraphQLRequest, context: RequestContext
    ) -> SubscriptionResult | Outcome:
        if request.query.startswith("subscription"):
            return SubscriptionResult(events=self.events.stream())
        return await self.execute(request, context)

    async def execute(self, request: GraphQLRequest, context: RequestContext) -> Outcome:
        return ExecutionResult(data={"ok": True})


class Counts:
    """The hub's counts, by protocol."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.closed: list[tuple[str, str]] = []
        self.events: list[str] = []

    def subscription_opened(self, protocol: str) -> None:
        self.opened.append(protocol)

    def subscription_closed(self, protocol: str, reason: str) -> None:
        self.closed.append((protocol, reason))

    def subscription_event(self, protocol: str) -> None:
        self.events.append(protocol)


class Exchange:
    """One POST to the app over ASGI: the client stops reading after `stall_after` body chunks
    (a write then never returns), or leaves when `leave()` is called."""

    def __init__(self, app: GatewayApp, accept: str, query: str, stall_after: int | None = None):
        self.app = app
        self.body = orjson.dumps({"query": query})
        self.accept = accept.encode()
        self.stall_after = stall_after
        self.start: dict[str, Any] | None = None
        self.chunks: list[bytes] = []
        self.finished = False
        self._read = False
        self._left = asyncio.Event()
        self._arrived = asyncio.Event()
        self.running: asyncio.Task[None] | None = None

    def begin(self) -> None:
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/graphql",
            "query_string": b"",
            "headers": [
                (b"content-type", b"application/json"),
                (b"accept", self.accept),
                (b"authorization", b"Bearer good"),
            ],
            "client": ("127.0.0.1", 5000),
        }
        self.running = asyncio.create_task(self.app(scope, self._receive, self._send))

    async def _receive(self) -> dict[str, Any]:
        if not self._read:
            self._read = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        await self._left.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            return
        if self.stall_after is not None and len(self.chunks) >= self.stall_after:
            await asyncio.Event().wait()  # the client does not read: this write never returns
        self.chunks.append(message["body"])
        self.finished = not message.get("more_body", False)
        self._arrived.set()

    def leave(self) -> None:
        self._left.set()

    @property
    def content(self) -> bytes:
        return b"".join(self.chunks)

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(WAIT):
            while not condition():
                self._arrived.clear()
                await self._arrived.wait()

    async def ended(self) -> None:
        assert self.running is not None
        async with asyncio.timeout(WAIT):
            await self.running


@contextlib.contextmanager
def serving(
    events: Events, config: GatewayConfig | None = None, **settings: Any
) -> Iterator[tuple[GatewayApp, Counts]]:
    gateway = Gateway(pipeline=StubPipeline(events), client=SubgraphHttpClient({}))  # type: ignore[arg-type]
    counts = Counts()
    config = config or GatewayConfig(subscriptions=SubscriptionsConfig(**settings))
    app = create_app(gateway, config, subscriptions=counts)
    assert isinstance(app, GatewayApp)
    yield app, counts


def _sse_data(content: bytes) -> list[dict[str, Any]]:
    """The data of each `next` event."""
    prefix = b"event: next\ndata: "
    return [
        orjson.loads(event.removeprefix(prefix))
        for event in content.split(b"\n\n")
        if event.startswith(prefix)
    ]


def _multipart_bodies(content: bytes) -> list[dict[str, Any]]:
    """The JSON body of each part."""
    bodies = []
    for part in content.split(b"\r\n--graphql")[1:]:
        _, separator, body = part.partition(b"\r\n\r\n")
        if separator:
            bodies.append(orjson.loads(body))
    return bodies


FOREVER = "subscription { ticks }"


async def test_sse_streams_each_event_then_complete() -> None:
    events = Events(count=2)
    with serving(events) as (app, counts):
        exchange = Exchange(app, SSE, FOREVER)
        exchange.begin()
        await exchange.ended()
    assert exchange.start is not None
    assert exchange.start["status"] == 200
    assert (b"content-type", b"text/event-stream; charset=utf-8") in exchange.start["headers"]
    assert _sse_data(exchange.content) == [{"data": {"tick": 0}}, {"data": {"tick": 1}}]
    assert exchange.content.endswith(COMPLETE)
    assert exchange.finished
    assert counts.closed == [("sse", "complete")]
    assert counts.events == ["sse", "sse"]


async def test_a_failing_subscription_ends_with_its_errors() -> None:
    with serving(Events(count=1, fail=True)) as (app, counts):
        sse = Exchange(app, SSE, FOREVER)
        multipart = Exchange(app, MULTIPART, FOREVER)
        sse.begin()
        multipart.begin()
        await sse.ended()
        await multipart.ended()
    failed = {
        "errors": [
            {"message": "The event store is down.", "extensions": {"code": "SUBSCRIPTION_FAILED"}}
        ]
    }
    assert _sse_data(sse.content) == [{"data": {"tick": 0}}, failed]
    assert sse.content.endswith(COMPLETE)
    assert _multipart_bodies(multipart.content) == [
        {"payload": {"data": {"tick": 0}}},
        {"payload": failed},
    ]
    assert multipart.content.endswith(CLOSE)
    assert sorted(counts.closed) == [("multipart", "error"), ("sse", "error")]


@pytest.mark.parametrize("accept", [SSE, MULTIPART])
async def test_a_client_too_slow_to_read_is_cut_off(accept: str) -> None:
    events = Events()  # as fast as it can
    with serving(events, queue_size=2, ping_interval_seconds=0, multipart_heartbeat_seconds=0) as (
        app,
        counts,
    ):
        exchange = Exchange(app, accept, FOREVER, stall_after=2)
        exchange.begin()
        await exchange.ended()
        assert app.hub.open == 0
    assert events.closed == 1  # closed upstream
    assert not exchange.finished  # no last bytes: the server closes the connection
    assert COMPLETE not in exchange.content
    assert counts.closed == [(counts.opened[0], "too_slow")]


async def test_sse_sends_a_comment_every_ping_interval() -> None:
    events = Events(count=1, pause=60)
    with serving(events, ping_interval_seconds=0.02) as (app, _):
        exchange = Exchange(app, SSE, FOREVER)
        exchange.begin()
        await exchange.until(lambda: exchange.chunks.count(b":\n\n") >= 4)
        exchange.leave()
        await exchange.ended()
    assert _sse_data(exchange.content) == [{"data": {"tick": 0}}]
    assert events.closed == 1  # the client left: closed upstream


async def test_multipart_sends_a_heartbeat_part_every_interval() -> None:
    events = Events(count=1, pause=60)
    with serving(events, multipart_heartbeat_seconds=0.02) as (app, counts):
        exchange = Exchange(app, MULTIPART, FOREVER)
        exchange.begin()
        await exchange.until(lambda: _multipart_bodies(exchange.content).count({}) >= 3)
        exchange.leave()
        await exchange.ended()
    assert exchange.start is not None
    assert (
        b"content-type",
        b'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"',
    ) in exchange.start["headers"]
    bodies = _multipart_bodies(exchange.content)
    assert [body for body in bodies if body] == [{"payload": {"data": {"tick": 0}}}]
    assert events.closed == 1
    assert counts.closed == [("multipart", "client")]


@pytest.mark.parametrize("ending", ["reload", "shutdown"])
async def test_sse_ends_without_complete_so_clients_retry(ending: str) -> None:
    events = Events(pause=0.01)
    with serving(events) as (app, _):
        exchange = Exchange(app, SSE, FOREVER)
        exchange.begin()
        await exchange.until(lambda: len(_sse_data(exchange.content)) >= 2)
        if ending == "reload":
            app.hub.reload()
        else:
            await app.hub.close_all()
        await exchange.ended()
    assert exchange.finished
    assert COMPLETE not in exchange.content
    last = exchange.content.rsplit(b"\n\n", 2)[-2]
    assert last.startswith(b": ")  # a comment saying why
    assert events.closed == 1


@pytest.mark.parametrize(
    ("ending", "code"),
    [("reload", "SUBSCRIPTION_SCHEMA_RELOAD"), ("shutdown", "SUBSCRIPTION_SHUTDOWN")],
)
async def test_multipart_ends_with_a_transport_error(ending: str, code: str) -> None:
    events = Events(pause=0.01)
    with serving(events, multipart_heartbeat_seconds=0) as (app, _):
        exchange = Exchange(app, MULTIPART, FOREVER)
        exchange.begin()
        await exchange.until(lambda: len(_multipart_bodies(exchange.content)) >= 2)
        if ending == "reload":
            app.hub.reload()
        else:
            await app.hub.close_all()
        await exchange.ended()
    assert exchange.content.endswith(CLOSE)
    last = _multipart_bodies(exchange.content)[-1]
    assert last["payload"] is None
    assert [error["extensions"]["code"] for error in last["errors"]] == [code]
    assert events.closed == 1


async def test_one_more_than_the_process_limit_is_refused() -> None:
    events = Events(pause=0.01)
    with serving(events, max_total=1, multipart_heartbeat_seconds=0) as (app, _):
        held = Exchange(app, SSE, FOREVER)
        held.begin()
        await held.until(lambda: bool(_sse_data(held.content)))
        sse = Exchange(app, SSE, FOREVER)
        multipart = Exchange(app, MULTIPART, FOREVER)
        sse.begin()
        multipart.begin()
        await sse.ended()
        await multipart.ended()
        held.leave()
        await held.ended()
    limit = [
        {
            "message": "Too many subscriptions are open.",
            "extensions": {"code": "SUBSCRIPTION_LIMIT_EXCEEDED"},
        }
    ]
    assert _sse_data(sse.content) == [{"errors": limit}]
    assert sse.content.endswith(COMPLETE)
    assert _multipart_bodies(multipart.content) == [{"payload": None, "errors": limit}]
    assert multipart.content.endswith(CLOSE)
    assert events.opened == 1  # the refused subscriptions never started upstream


async def test_disabled_subscriptions_are_refused_over_http() -> None:
    events = Events(count=1)
    with serving(events, enabled=False) as (app, _):
        exchange = Exchange(app, SSE, FOREVER)
        exchange.begin()
        await exchange.ended()
        query = Exchange(app, SSE, "{ ok }")
        query.begin()
        await query.ended()
    [refused] = _sse_data(exchange.content)
    assert refused["errors"][0]["extensions"]["code"] == "OPERATION_NOT_SUPPORTED"
    assert events.opened == 0
    assert _sse_data(query.content) == [{"data": {"ok": True}}]


async def test_a_batch_is_not_streamed() -> None:
    config = GatewayConfig(batching=BatchingConfig(enabled=True))
    with serving(Events(count=1), config) as (app, _):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            batch = [{"query": "{ ok }"}, {"query": "{ ok }"}]
            sse = await client.post("/graphql", json=batch, headers={"accept": SSE})
            multipart = await client.post("/graphql", json=batch, headers={"accept": MULTIPART})
    [refused] = _sse_data(sse.content)
    assert refused["errors"][0]["message"].startswith("A batch cannot be streamed")
    # A client of multipart subscriptions takes JSON: its batch is answered as usual.
    assert multipart.json() == [{"data": {"ok": True}}, {"data": {"ok": True}}]
