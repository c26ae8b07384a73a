"""CPU per subgraph call through `SubgraphHttpClient`: aiohttp's client against the gateway's own.

Starts the benchmark's subgraphs (`python -m bench.subgraphs`) pinned to one CPU, pins itself to
another, and sends the same fetches through two `SubgraphHttpClient`s that differ only in the
HTTP client under them: the one the gateway uses now (`gateway.transport.http1`) and the
aiohttp session it used before (kept here, as it was, for this comparison).  For each client,
N calls one after the other and N with 50 in flight, over several rounds whose order
alternates; the figure is this process's CPU time (`time.process_time`) per call, which the
subgraphs' process and other people's work on the machine do not count in.

    .venv/bin/python -m bench.http_client.cpu [--calls 4000] [--rounds 5] [--port 0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import aiohttp
import httpx
import orjson
import uvloop

from gateway.execution import SUBREQUEST_HTTP_ERROR, SubgraphFetchError, SubgraphRequest
from gateway.traffic.errors import ConnectionFailed
from gateway.transport import SubgraphHttpClient

_HEADERS = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json, application/json",
}


class AiohttpSubgraphClient(SubgraphHttpClient):
    """`SubgraphHttpClient` as it was on aiohttp: one session per subgraph."""

    def __init__(self, endpoints: dict[str, str], **options: Any) -> None:
        super().__init__(endpoints, **options)
        self._sessions: dict[str, aiohttp.ClientSession] = {}

    async def _post(
        self, service: str, url: str, body: bytes, headers: Any, kind: str
    ) -> tuple[int, str, bytes]:
        answered = False
        try:
            session = self._session(service)
            async with session.post(url, data=body, headers=headers or None) as response:
                answered = True
                return response.status, response.reason or "", await response.read()
        except aiohttp.ClientError as error:
            message = f"HTTP fetch failed from '{service}': {type(error).__name__}."
            if not answered and isinstance(error, aiohttp.ClientConnectionError):
                raise ConnectionFailed(message, code=SUBREQUEST_HTTP_ERROR) from None
            raise SubgraphFetchError(message, code=SUBREQUEST_HTTP_ERROR) from None

    def _session(self, service: str) -> aiohttp.ClientSession:
        session = self._sessions.get(service)
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(
                limit=self.pool_size, keepalive_timeout=self.keepalive_timeout, ttl_dns_cache=300
            )
            session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=None),
                headers=_HEADERS,
                skip_auto_headers=("User-Agent",),
            )
            self._sessions[service] = session
        return session

    async def close(self) -> None:
        sessions, self._sessions = list(self._sessions.values()), {}
        await asyncio.gather(*(session.close() for session in sessions))
        await super().close()


# Two fetches the gateway makes against these subgraphs: a root field, and an entity call.
FETCHES = {
    "root": SubgraphRequest(
        service_name="accounts", query="{ users { id name username } }", variables={}
    ),
    "entities": SubgraphRequest(
        service_name="reviews",
        query="query($representations:[_Any!]!){_entities(representations:$representations)"
        "{...on User{reviews{id body product{upc}}}}}",
        variables={"representations": [{"__typename": "User", "id": str(i)} for i in (1, 2)] * 10},
        headers=(("x-request-id", "bench"),),
    ),
}
CONCURRENCY = 50


async def _cpu_per_call(
    call: Callable[[], Awaitable[Any]], calls: int, concurrency: int
) -> tuple[float, float]:
    """(CPU µs per call, wall µs per call) for `calls` calls, `concurrency` at a time."""
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / calls * 1e6, wall / calls * 1e6


async def _sizes(base: str) -> dict[str, tuple[int, int]]:
    """Bytes of each fetch's request body and answer, for the report."""
    urls = {"accounts": f"{base}/accounts", "reviews": f"{base}/reviews"}
    client = SubgraphHttpClient(urls)
    try:
        sizes = {}
        for fetch, request in FETCHES.items():
            body = {"query": request.query, "variables": request.variables}
            sizes[fetch] = (len(orjson.dumps(body)), len(orjson.dumps(await client(request))))
        return sizes
    finally:
        await client.close()


async def _round(base: str, calls: int, order: list[str]) -> dict[tuple[str, str, str], float]:
    urls = {"accounts": f"{base}/accounts", "reviews": f"{base}/reviews"}
    kinds = {"aiohttp": AiohttpSubgraphClient, "http1": SubgraphHttpClient}
    found: dict[tuple[str, str, str], float] = {}
    for name in order:
        client = kinds[name](urls, deduplicate=False)
        try:
            for fetch, request in FETCHES.items():
                for _ in range(200):  # open the pool's connections, warm the code
                    await client(request)
                await asyncio.gather(*(client(request) for _ in range(CONCURRENCY)))
                for mode, concurrency in (("sequential", 1), ("50 in flight", CONCURRENCY)):
                    cpu, _wall = await _cpu_per_call(partial(client, request), calls, concurrency)
                    found[(fetch, mode, name)] = cpu
        finally:
            await client.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--server-cpu", default="0")
    parser.add_argument("--client-cpu", type=int, default=1)
    args = parser.parse_args()
    if args.port == 0:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            args.port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{args.port}"
    command = ["taskset", "-c", args.server_cpu, sys.executable, "-m", "bench.subgraphs"]
    # Our own subgraphs, run with our interpreter; taskset from the PATH pins them.
    server = subprocess.Popen([*command, "--port", str(args.port)])  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)
        os.sched_setaffinity(0, {args.client_cpu})
        sizes = uvloop.run(_sizes(base))
        rounds: list[dict[tuple[str, str, str], float]] = []
        for number in range(args.rounds):
            order = ["aiohttp", "http1"] if number % 2 == 0 else ["http1", "aiohttp"]
            rounds.append(uvloop.run(_round(base, args.calls, order)))
            print(f"round {number + 1}/{args.rounds} done ({' then '.join(order)})", flush=True)
        _report(rounds, sizes, args)
    finally:
        server.terminate()
        server.wait()
    return 0


def _report(
    rounds: list[dict[tuple[str, str, str], float]],
    sizes: dict[str, tuple[int, int]],
    args: argparse.Namespace,
) -> None:
    print(
        f"\npython {sys.version.split()[0]}, aiohttp {aiohttp.__version__}, uvloop, "
        f"{args.calls} calls per cell, {args.rounds} interleaved rounds; "
        f"subgraphs on CPU {args.server_cpu}, client on CPU {args.client_cpu}"
    )
    for fetch, (sent, answered) in sizes.items():
        print(f"{fetch}: {sent} bytes sent, {answered} bytes answered")
    print("CPU µs per call of the calling process: median of rounds (min-max)")
    print(f"{'fetch':<9} {'mode':<13} {'aiohttp':>22} {'http1':>22} {'ratio':>6}")
    for fetch in FETCHES:
        for mode in ("sequential", "50 in flight"):
            cells = []
            medians = []
            for name in ("aiohttp", "http1"):
                values = [r[(fetch, mode, name)] for r in rounds]
                median = statistics.median(values)
                medians.append(median)
                cells.append(f"{median:7.1f} ({min(values):.1f}-{max(values):.1f})")
            ratio = medians[0] / medians[1]
            print(f"{fetch:<9} {mode:<13} {cells[0]:>22} {cells[1]:>22} {ratio:>5.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
