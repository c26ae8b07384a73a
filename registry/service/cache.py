"""What the gateway endpoint answers from memory: served supergraphs and verified tokens.

A fleet of gateways polls `GET …/supergraph` every few seconds; when nothing changed the
answer must cost no database round trip. Each registry process keeps the served supergraph of
every variant it was asked for, and the grants of the tokens it verified, and forgets them when
PostgreSQL says they changed: publishes and token changes `pg_notify` on commit (see
`registry.store.repository`), and one connection per process `LISTEN`s. While that connection
is down the caches are bypassed (every request reads the database) and they are emptied when it
comes back, so a notification missed in between cannot leave a stale answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg

from registry.model import Grant, ServedSupergraph
from registry.store.repository import SUPERGRAPH_CHANNEL, TOKEN_CHANNEL, RegistryStore, hash_token

__all__ = ["ServingCache"]

logger = logging.getLogger(__name__)

_MAX_TOKENS = 10_000
_RECONNECT_SECONDS = 1.0


def _setter(event: asyncio.Event) -> Any:
    return lambda _connection: event.set()


class ServingCache:
    def __init__(self, store: RegistryStore, database_url: str) -> None:
        self.store = store
        self._dsn = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
        self._supergraphs: dict[tuple[str, str], ServedSupergraph | None] = {}
        self._grants: dict[str, Grant | None] = {}
        self._listening = False
        self._task: asyncio.Task[None] | None = None
        # Database reads done on behalf of the endpoint (tests prove a 304 costs none).
        self.database_reads = 0

    @property
    def listening(self) -> bool:
        return self._listening

    async def start(self) -> None:
        ready = asyncio.Event()
        self._task = asyncio.create_task(self._listen(ready), name="registry-listen")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ready.wait(), timeout=5)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def supergraph(self, graph: str, variant: str) -> ServedSupergraph | None:
        key = (graph, variant)
        if self._listening and key in self._supergraphs:
            return self._supergraphs[key]
        self.database_reads += 1
        served = await self.store.served_supergraph(graph, variant)
        if self._listening:
            self._supergraphs[key] = served
        return served

    async def grant(self, token: str) -> Grant | None:
        key = hash_token(token)
        if self._listening and key in self._grants:
            return self._grants[key]
        self.database_reads += 1
        grant = await self.store.grant(token)
        if self._listening:
            if len(self._grants) >= _MAX_TOKENS:
                self._grants.clear()
            self._grants[key] = grant
        return grant

    def _forget(self, _connection: Any, _pid: int, channel: str, _payload: str) -> None:
        if channel == TOKEN_CHANNEL:
            self._grants.clear()
        else:
            self._supergraphs.clear()

    async def _listen(self, ready: asyncio.Event) -> None:
        while True:
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(self._dsn)
                closed = asyncio.Event()
                connection.add_termination_listener(_setter(closed))
                await connection.add_listener(SUPERGRAPH_CHANNEL, self._forget)
                await connection.add_listener(TOKEN_CHANNEL, self._forget)
                self._supergraphs.clear()
                self._grants.clear()
                self._listening = True
                ready.set()
                await closed.wait()
                logger.warning("the registry's LISTEN connection closed; reconnecting")
            except asyncio.CancelledError:
                raise
            except (OSError, asyncpg.PostgresError) as exc:
                logger.warning("cannot LISTEN for registry changes (%s); serving uncached", exc)
            finally:
                self._listening = False
                ready.set()
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await connection.close()
            await asyncio.sleep(_RECONNECT_SECONDS)
