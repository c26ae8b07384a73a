"""`python -m bench.server`: the heavy query through the whole ASGI app, in-process, no sockets.

`bench.execution` times the request pipeline; this times what the server adds around it: the
body read, negotiation, CSRF, the request context, telemetry (metrics, the access log) and the
answer.  The app is assembled from a configuration (`gateway_from_config`, as `serve` does),
then its subgraph client is replaced by the in-process bench subgraphs (behind the subgraph
guard the configuration asks for).  Each variant is a
configuration; variants run interleaved, round after round, and the best round counts (the
machine is shared: compare variants of one run, not runs).  Log lines go to /dev/null through
the production JSON formatter.

    uv run python -m bench.server [--query light|heavy] [--iterations 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import orjson

from bench.execution import EXPECTED, HEAVY, SUPERGRAPH, InProcessFetch
from gateway.config import config_from_data
from gateway.execution import SubgraphFetcher, SubgraphRequest
from gateway.server import Gateway, create_app, gateway_from_config
from gateway.server.http.asgi import ASGIApp, Message
from gateway.telemetry import JsonFormatter, Telemetry
from gateway.telemetry.logs import RequestIdFilter

__all__ = ["VARIANTS", "build_app", "request_us"]

# The heavy query's estimated cost (~24k) is over the default limit (as in bench/gateway.yaml).
_BASE: dict[str, Any] = {
    "supergraph": {"file": str(SUPERGRAPH), "poll_interval_seconds": 0},
    "limits": {"max_cost": 1_000_000_000},
}
_SIGN_IN = {"fields": ["Mutation.signIn"], "limit": 5, "window_seconds": 60, "per": "ip"}
_LIMITS = {"per_client": {"limit": 10**9, "window_seconds": 1}, "operations": [_SIGN_IN]}
_BREAKER = {"enabled": True}
_SUBGRAPHS = {name: {"limit": 10**9, "window_seconds": 1} for name in ("accounts", "reviews")}
# name -> settings on top of the defaults (production mode).
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "access log: every request": {"telemetry": {"access_log_sample_rate": 1.0}},
    "access log off, metrics off": {"telemetry": {"access_log": False, "metrics_enabled": False}},
    "retries off (no subgraph guard)": {"retries": {"enabled": False}},
    "client limits (memory)": {"rate_limits": _LIMITS},
    "client + subgraph limits, breaker": {
        "rate_limits": {**_LIMITS, "subgraphs": _SUBGRAPHS},
        "circuit_breaker": _BREAKER,
    },
}

# The heavy query (answer checked against bench/queries), or a small one where the server's
# own per-request work is a larger share.
QUERIES = {"heavy": HEAVY, "light": "{ me { id name } }"}


def build_app(data: dict[str, Any], fetch: InProcessFetch) -> ASGIApp:
    """The app for `data` (plus the bench supergraph), answering from the bench subgraphs."""
    config = config_from_data({**_BASE, **data})
    gateway = gateway_from_config(config, env={})
    if not isinstance(gateway, Gateway):
        raise SystemExit(f"bench supergraph does not load: {gateway}")
    wire(gateway, fetch)
    observer = gateway.observer
    metrics = observer.render_metrics if isinstance(observer, Telemetry) else None
    return create_app(gateway, config, metrics=metrics)


def wire(gateway: Gateway, fetch: InProcessFetch) -> None:
    """Routes the gateway's subgraph calls to `fetch`, through the observer's wrapping and the
    subgraph guard (breaker, limits, retries) the configuration gave the HTTP client."""
    pipeline = gateway.pipeline
    guard = gateway.client.guard
    routed: SubgraphFetcher = fetch
    if guard is not None and guard.retries_only:
        counting = guard

        async def counted(request: SubgraphRequest) -> Any:
            # As the transport does with only retries on: count, send (in-process, no
            # connection can fail, so nothing is retried).
            counting.fetched(request.service_name)
            return await fetch(request)

        routed = counted
    elif guard is not None:
        guarded = guard

        async def through_guard(request: SubgraphRequest) -> Any:
            send = partial(fetch, request)
            kind = request.operation_kind
            return await guarded.call(request.service_name, kind, send, _never_failed)

        routed = through_guard
    pipeline.fetch = routed
    pipeline.observed_fetch = pipeline.stages.observer.fetcher(routed)


def _never_failed(_answer: Any) -> bool:
    return False


def _headers(body: bytes) -> list[tuple[bytes, bytes]]:
    return [
        (b"host", b"gateway"),
        (b"content-type", b"application/json"),
        (b"accept", b"application/graphql-response+json"),
        (b"content-length", str(len(body)).encode()),
    ]


async def _post(app: ASGIApp, body: bytes) -> tuple[int, bytes]:
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "headers": _headers(body),
        "client": ("10.1.2.3", 50000),
        "server": ("127.0.0.1", 4000),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], sent[1]["body"]


async def request_us(app: ASGIApp, body: bytes, iterations: int) -> float:
    """Microseconds per request, one at a time."""
    start = time.perf_counter()
    for _ in range(iterations):
        await _post(app, body)
    return (time.perf_counter() - start) / iterations * 1e6


def _quiet_logging() -> Callable[[], None]:
    """Production JSON log lines to /dev/null; returns how to undo it."""
    sink = open(os.devnull, "w")  # noqa: SIM115 (closed by the undo)
    handler = logging.StreamHandler(sink)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def undo() -> None:
        root.removeHandler(handler)
        sink.close()

    return undo


async def main_async(args: argparse.Namespace) -> None:
    undo = _quiet_logging()
    try:
        fetch = InProcessFetch()
        apps = {name: build_app(data, fetch) for name, data in VARIANTS.items()}
        body = orjson.dumps({"query": QUERIES[args.query]})
        for name, app in apps.items():
            status, answer = await _post(app, body)
            decoded = orjson.loads(answer)
            if status != 200 or "errors" in decoded:
                raise SystemExit(f"{name}: the answer has errors ({status}): {decoded}")
            if args.query == "heavy" and decoded != EXPECTED:
                raise SystemExit(f"{name}: the answer differs from the expected JSON")
            await request_us(app, body, 50)  # warm
        best = dict.fromkeys(apps, float("inf"))
        for _ in range(args.rounds):
            for name, app in apps.items():
                best[name] = min(best[name], await request_us(app, body, args.iterations))
        base = best["default"]
        for name, us in best.items():
            print(f"{name:<36} {us:8,.1f} us/request  ({us - base:+6,.1f} us vs default)")
    finally:
        undo()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__)
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--query", choices=sorted(QUERIES), default="light")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
