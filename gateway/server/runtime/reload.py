"""Supergraph hot reload: poll a source, build the new pipeline off the event loop, swap it in.

Usage (the gateway starts and stops it with itself)::

    watcher = SupergraphWatcher(gateway, source=FileSource(path), poll_interval=5.0)
    gateway.add_service(watcher)      # gateway.start() -> watcher.start(); close() -> stop()

`build` defaults to `gateway.build` (what `gateway_from_sdl` used); it has the type
`gateway.server.runtime.gateway.Build`: `(sdl, client serving now) -> (pipeline, client) |
SupergraphError`, and runs in a worker thread (`asyncio.to_thread`) because loading and planning
are CPU work; the swap happens back on the loop.  Each poll ends in one `Outcome`:

    Unchanged   nothing new (or SDL already applied, or the same SDL already refused)
    Applied     a new supergraph serves from now on          log: INFO  "supergraph reloaded"
    Refused     the new SDL is invalid; the old one serves   log: WARNING "supergraph refused"
    Unavailable the source could not be read; retried later  log: WARNING "source unreachable"

A refused SDL is logged once, not at every poll.  After a failed read the next poll waits
longer (doubling up to `max_backoff`) and a line says when the source answers again; a source
that refuses the gateway's credentials is logged at ERROR.  The gateway's `origin` follows the
fetched versions; `on_applied(sdl, origin)` runs after each supergraph applied (the registry's
cache file), and when the source first vouches for the one already serving (a gateway started
from that cache, whose registry now answers the same version).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import assert_never

from gateway.pipeline import RequestPipeline
from gateway.server.runtime.gateway import Build, Gateway
from gateway.server.runtime.sources import (
    Fetched,
    SupergraphOrigin,
    SupergraphSource,
    Unchanged,
    Unreachable,
)
from gateway.supergraph import SupergraphError
from gateway.transport import SubgraphHttpClient

__all__ = [
    "Applied",
    "OnApplied",
    "Outcome",
    "Refused",
    "SupergraphWatcher",
    "Unavailable",
    "Unchanged",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Applied:
    old_id: str
    new_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Refused:
    supergraph_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Unavailable:
    reason: str


Outcome = Unchanged | Applied | Refused | Unavailable
# Called with the SDL now serving and where it came from (the registry's cache writes it).
OnApplied = Callable[[str, SupergraphOrigin], Awaitable[None]]


def _short(supergraph_id: str) -> str:
    return supergraph_id[:12]


def _version(origin: SupergraphOrigin | None) -> str:
    if origin is None or origin.version is None:
        return ""
    return f" (version {origin.version})"


class SupergraphWatcher:
    """Keeps `gateway` serving the newest valid supergraph of `source`."""

    def __init__(
        self,
        gateway: Gateway,
        *,
        source: SupergraphSource,
        build: Build | None = None,
        poll_interval: float = 5.0,
        max_backoff: float = 60.0,
        on_applied: OnApplied | None = None,
    ) -> None:
        chosen = build or gateway.build
        if chosen is None:
            raise ValueError("SupergraphWatcher needs a build: pass one or use gateway_from_sdl")
        self.gateway = gateway
        self.source = source
        self.build: Build = chosen
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self.on_applied = on_applied
        self.refused_id: str | None = None
        self.failures = 0
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """Polls every `poll_interval` seconds in a background task; 0 turns polling off."""
        if self._task is None and self.poll_interval > 0:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self.source.close()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._delay())
            try:
                await self.check()
            except Exception:  # a bug here must not end reloading for the process's life
                logger.exception("supergraph check failed")

    def _delay(self) -> float:
        if not self.failures:
            return self.poll_interval
        backoff: float = self.poll_interval * 2.0 ** min(self.failures, 16)
        return min(backoff, max(self.max_backoff, self.poll_interval))

    async def check(self) -> Outcome:
        """Polls the source once and applies what it holds when it is new and valid."""
        polled = await self.source.poll()
        match polled:
            case Unreachable(reason=reason, denied=denied):
                self.failures += 1
                logger.log(
                    logging.ERROR if denied else logging.WARNING,
                    "supergraph source %s: %s; still serving %s, retrying in %gs",
                    "refused the gateway's credentials" if denied else "unreachable",
                    reason,
                    _short(self.gateway.pipeline.supergraph.id),
                    self._delay(),
                )
                return Unavailable(reason=reason)
            case Unchanged():
                self._reachable()
                return polled
            case Fetched(sdl=sdl, origin=origin):
                self._reachable()
                return await self._consider(sdl, origin)
            case _:
                assert_never(polled)

    def _reachable(self) -> None:
        if self.failures:
            logger.info("supergraph source %s answers again", self.source.description)
            self.failures = 0

    async def _consider(self, sdl: str, origin: SupergraphOrigin | None) -> Outcome:
        new_id = hashlib.sha256(sdl.encode()).hexdigest()
        async with self._lock:  # one build at a time, even when `check` is also called by hand
            while True:
                old_id = self.gateway.pipeline.supergraph.id
                if new_id == old_id and origin is not None and origin != self.gateway.origin:
                    await self._vouched(sdl, origin)
                if new_id in (old_id, self.refused_id) or self.gateway.closing:
                    return Unchanged()
                built = await self._build(sdl, new_id)
                if isinstance(built, SupergraphError):
                    self.refused_id = new_id
                    logger.warning(
                        "supergraph refused: %s from %s is invalid (%s); still serving %s",
                        _short(new_id),
                        self.source.description,
                        built.message,
                        _short(old_id),
                    )
                    return Refused(supergraph_id=new_id, reason=built.message)
                # Swapped by someone else while this built: its client may be gone, build again.
                if self.gateway.pipeline.supergraph.id == old_id and not self.gateway.closing:
                    break
        pipeline, client = built
        self.gateway.swap(pipeline, client, origin)
        self.refused_id = None
        logger.info(
            "supergraph reloaded from %s: %s -> %s%s",
            self.source.description,
            _short(old_id),
            _short(new_id),
            _version(origin),
        )
        if origin is not None:
            await self._applied(sdl, origin)
        return Applied(old_id=old_id, new_id=new_id)

    async def _vouched(self, sdl: str, origin: SupergraphOrigin) -> None:
        """The source now serves the supergraph already serving: say where it comes from."""
        was = self.gateway.origin
        self.gateway.origin = origin
        if was is not None and was.source != origin.source:
            logger.info(
                "supergraph %s served from the %s is confirmed by %s%s",
                _short(self.gateway.pipeline.supergraph.id),
                was.source,
                self.source.description,
                _version(origin),
            )
        await self._applied(sdl, origin)

    async def _applied(self, sdl: str, origin: SupergraphOrigin) -> None:
        if self.on_applied is None:
            return
        try:
            await self.on_applied(sdl, origin)
        except Exception:  # keeping a copy must never undo or block a reload
            logger.exception(
                "after applying supergraph %s", _short(self.gateway.pipeline.supergraph.id)
            )

    async def _build(
        self, sdl: str, new_id: str
    ) -> tuple[RequestPipeline, SubgraphHttpClient] | SupergraphError:
        try:
            return await asyncio.to_thread(self.build, sdl, self.gateway.client)
        except Exception as error:
            logger.exception("building the pipeline for supergraph %s failed", _short(new_id))
            return SupergraphError(f"building the pipeline failed: {type(error).__name__}")
