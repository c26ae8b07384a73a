"""aiohttp against httpx as the gateway's subgraph client: requests per second under concurrency.

Starts `server.py` in a subprocess, then for each client and concurrency level sends the same
GraphQL POST (an `_entities` call with 20 representations) through one pooled client, and
prints requests per second. Both clients get the same pool size and decode with orjson.

    uv run python bench/http_client/run.py [--requests 6000] [--concurrency 1,10,50,100]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import httpx
import orjson

PAYLOAD = orjson.dumps(
    {
        "query": "query($representations:[_Any!]!){_entities(representations:$representations)"
        "{...on User{name rating}}}",
        "variables": {"representations": [{"__typename": "User", "id": str(i)} for i in range(20)]},
    }
)
HEADERS = {"content-type": "application/json"}
POOL = 100

Send = Callable[[], Awaitable[object]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def drive(send: Send, total: int, concurrency: int) -> float:
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await send()

    for _ in range(min(200, total // 10)):  # warm the pool
        await send()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return total / (time.perf_counter() - started)


async def bench_aiohttp(url: str, total: int, concurrency: int) -> float:
    connector = aiohttp.TCPConnector(limit=POOL, keepalive_timeout=30)
    async with aiohttp.ClientSession(connector=connector, headers=HEADERS) as session:

        async def send() -> object:
            async with session.post(url, data=PAYLOAD) as response:
                return orjson.loads(await response.read())

        return await drive(send, total, concurrency)


async def bench_httpx(url: str, total: int, concurrency: int) -> float:
    limits = httpx.Limits(max_connections=POOL, max_keepalive_connections=POOL)
    async with httpx.AsyncClient(limits=limits, headers=HEADERS) as client:

        async def send() -> object:
            response = await client.post(url, content=PAYLOAD)
            return orjson.loads(response.content)

        return await drive(send, total, concurrency)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--concurrency", default="1,10,50,100")
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds per cell")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server script, run with our interpreter
        [sys.executable, str(Path(__file__).with_name("server.py")), str(port)],
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()
        url = f"http://127.0.0.1:{port}/graphql"
        print(
            f"python {sys.version.split()[0]}, aiohttp {aiohttp.__version__}, "
            f"httpx {httpx.__version__}, {args.requests} requests, best of {args.rounds}"
        )
        print(f"{'concurrency':>11} {'aiohttp req/s':>14} {'httpx req/s':>12} {'ratio':>6}")
        for level in (int(c) for c in args.concurrency.split(",")):
            a = max(
                asyncio.run(bench_aiohttp(url, args.requests, level)) for _ in range(args.rounds)
            )
            h = max(asyncio.run(bench_httpx(url, args.requests, level)) for _ in range(args.rounds))
            print(f"{level:>11} {a:>14.0f} {h:>12.0f} {a / h:>6.2f}", flush=True)
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
