"""N subscribers, one WebSocket connection and one subscription each, speaking
`graphql-transport-ws` (aiohttp), recording when each event arrives.

Every subscriber sends the same document; `distinct` gives each its own variables
(`subscriber: i`, so its events name articles of its own), otherwise all send `subscriber: 0`
(identical subscriptions, which a gateway could share upstream).  The receive path only stamps
`time.time_ns()` and keeps the payload; `check` compares everything afterwards with what was
emitted.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson

from bench.subscriptions.catalog import title

__all__ = ["QUERY", "Check", "Fleet", "expected_event"]

PROTOCOL = "graphql-transport-ws"
QUERY = (
    "subscription Events($subscriber: Int!) { events(subscriber: $subscriber) "
    "{ seq emittedNs subscriber article { id title } } }"
)
# Handshakes in flight at once while opening (the rest queue here, not in the listen backlog).
_OPENING = 100


def expected_event(subscriber: int, seq: int, emitted_ns: str) -> dict[str, Any]:
    article = f"{subscriber}-{seq}"
    return {"events": {"seq": seq, "emittedNs": emitted_ns, "subscriber": subscriber,
                       "article": {"id": article, "title": title(article)}}}  # fmt: skip


@dataclass(slots=True)
class _Subscriber:
    index: int
    variable: int
    ws: aiohttp.ClientWebSocketResponse | None = None
    # (receive time ns, seq or None when unreadable, the `next` payload)
    received: list[tuple[int, int | None, Any]] = field(default_factory=list)
    failure: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """Deliveries of the events in `emitted`: latencies (ms) of the correct ones, failures."""

    expected: int
    delivered: int
    latencies_ms: tuple[float, ...]
    # Per event: the slowest subscriber's latency (ms), i.e. when the fan-out completed.
    fanout_ms: tuple[float, ...]
    failures: tuple[str, ...]


class Fleet:
    """Opens the subscriptions, counts arrivals per event, closes them."""

    def __init__(self, url: str, count: int, *, distinct: bool) -> None:
        self.url = url
        self.subscribers = [_Subscriber(i, i if distinct else 0) for i in range(count)]
        self.arrived: dict[int, int] = {}
        self._complete: dict[int, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []

    async def open(self, session: aiohttp.ClientSession) -> None:
        """Connects every subscriber and sends its `subscribe`; raises if one is refused."""
        gate = asyncio.Semaphore(_OPENING)

        async def connect(subscriber: _Subscriber) -> None:
            async with gate:
                subscriber.ws = await _subscribe(session, self.url, subscriber.variable)
            self._tasks.append(asyncio.create_task(self._receive(subscriber)))

        await asyncio.gather(*(connect(s) for s in self.subscribers))

    async def _receive(self, subscriber: _Subscriber) -> None:
        ws = subscriber.ws
        assert ws is not None
        while True:
            message = await ws.receive()
            now = time.time_ns()
            if message.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                if subscriber.failure is None and message.type is not aiohttp.WSMsgType.CLOSING:
                    subscriber.failure = f"socket closed (code {ws.close_code})"
                return
            decoded = orjson.loads(message.data)
            kind = decoded.get("type")
            if kind == "next":
                payload = decoded.get("payload")
                seq = _seq(payload)
                subscriber.received.append((now, seq, payload))
                if seq is not None:
                    self._arrived(seq)
            elif kind == "ping":
                await ws.send_str('{"type":"pong"}')
            elif kind in ("error", "complete"):
                subscriber.failure = f"{kind}: {str(decoded.get('payload'))[:200]}"
                return

    def _arrived(self, seq: int) -> None:
        count = self.arrived.get(seq, 0) + 1
        self.arrived[seq] = count
        if count == len(self.subscribers):
            self._waiter(seq).set()

    def _waiter(self, seq: int) -> asyncio.Event:
        return self._complete.setdefault(seq, asyncio.Event())

    async def wait_for(self, seq: int, seconds: float) -> bool:
        """True once every subscriber has event `seq`; False after `seconds`."""
        try:
            async with asyncio.timeout(seconds):
                await self._waiter(seq).wait()
        except TimeoutError:
            return False
        return True

    async def close(self) -> None:
        """`complete` and close every subscription (the gateway then completes upstream)."""

        async def leave(subscriber: _Subscriber) -> None:
            ws = subscriber.ws
            if ws is None or ws.closed:
                return
            with contextlib.suppress(aiohttp.ClientError, OSError, RuntimeError):
                await ws.send_str('{"id":"1","type":"complete"}')
                await ws.close()

        await asyncio.gather(*(leave(s) for s in self.subscribers))
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def check(self, emitted: Mapping[int, str]) -> Check:
        """Every subscriber must have every event in `emitted` (seq → emit ns) exactly once,
        with the right data; events outside `emitted` are ignored."""
        failures: list[str] = []
        latencies: list[float] = []
        slowest: dict[int, float] = {}
        delivered = 0
        for subscriber in self.subscribers:
            if subscriber.failure is not None:
                failures.append(f"subscriber {subscriber.index}: {subscriber.failure}")
            seen: set[int] = set()
            for received_ns, seq, payload in subscriber.received:
                if seq is None:
                    failures.append(f"subscriber {subscriber.index}: unreadable {payload!r:.200}")
                    continue
                if seq not in emitted:
                    continue
                if seq in seen:
                    failures.append(f"subscriber {subscriber.index}: event {seq} twice")
                    continue
                seen.add(seq)
                expected = {"data": expected_event(subscriber.variable, seq, emitted[seq])}
                if payload != expected:
                    wrong = f"event {seq} is {payload!r:.300}"
                    failures.append(f"subscriber {subscriber.index}: {wrong}")
                    continue
                delivered += 1
                latency = (received_ns - int(emitted[seq])) / 1e6
                latencies.append(latency)
                slowest[seq] = max(slowest.get(seq, 0.0), latency)
            missing = sorted(set(emitted) - seen)
            if missing:
                failures.append(f"subscriber {subscriber.index}: missing events {missing[:20]}")
        return Check(
            expected=len(emitted) * len(self.subscribers),
            delivered=delivered,
            latencies_ms=tuple(latencies),
            fanout_ms=tuple(slowest[seq] for seq in sorted(slowest)),
            failures=tuple(failures),
        )


def _seq(payload: Any) -> int | None:
    try:
        seq = payload["data"]["events"]["seq"]
    except (KeyError, TypeError):
        return None
    return seq if isinstance(seq, int) else None


async def _subscribe(
    session: aiohttp.ClientSession, url: str, variable: int
) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(url, protocols=(PROTOCOL,), heartbeat=None, autoping=True)
    await ws.send_str('{"type":"connection_init","payload":{}}')
    ack = await ws.receive(timeout=30)
    if ack.type is not aiohttp.WSMsgType.TEXT or orjson.loads(ack.data).get("type") != (
        "connection_ack"
    ):
        await ws.close()
        raise RuntimeError(f"the gateway did not acknowledge the connection: {ack!r:.200}")
    payload = {"query": QUERY, "variables": {"subscriber": variable}}
    await ws.send_str(orjson.dumps({"id": "1", "type": "subscribe", "payload": payload}).decode())
    return ws
