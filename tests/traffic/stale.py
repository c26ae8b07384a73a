"""A raw HTTP/1.1 subgraph that drops connections without a byte of answer.

By default it answers the first request on each connection and closes it when a second
request arrives there.  That is what a subgraph whose keep-alive timeout is shorter than the
gateway's does, seen from the gateway at the worst moment: the request is written to a socket
that is then closed.  With `fresh=True` it instead drops the first request of every other new
connection (the 1st, 3rd, ...) and keeps the others alive: a failure on a new connection, which
only the gateway's retries can make up for.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import orjson

from tests.support.servers import free_port


class StaleServer:
    def __init__(self, *, fresh: bool = False) -> None:
        self.fresh = fresh
        self.port = free_port()
        self.answered = 0
        self.dropped = 0
        self.connections = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        served = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                body = await reader.readexactly(length)
                if (served and not self.fresh) or (self.fresh and number % 2 == 1):
                    self.dropped += 1
                    return  # the finally closes it: no answer at all
                served += 1
                self.answered += 1
                field = b"signIn" if b"signIn" in body else b"flaky"
                data = {field.decode(): "fine"}
                answer = orjson.dumps({"data": data})
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-length: " + str(len(answer)).encode() + b"\r\n"
                    b"connection: keep-alive\r\n\r\n" + answer
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            writer.close()


@contextmanager
def stale_server(*, fresh: bool = False) -> Iterator[StaleServer]:
    server = StaleServer(fresh=fresh)
    loop = asyncio.new_event_loop()
    holder: list[asyncio.Server] = []

    async def start() -> None:
        holder.append(await asyncio.start_server(server._handle, "127.0.0.1", server.port))

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    try:
        yield server
    finally:

        async def stop() -> None:
            holder[0].close()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
