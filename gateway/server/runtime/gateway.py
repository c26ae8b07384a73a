"""A running gateway: the current request pipeline and the services that outlive a supergraph.

`pipeline` is swapped whole when a new supergraph loads (`swap`, a plain attribute assignment,
atomic for the event loop): a request reads it once when it starts and finishes on that
pipeline. A swap that changes subgraph URLs retires the old pools; they close when their last
call ends (`gateway.server.runtime.pools`). Lifecycle, called from the app's lifespan: `await
gateway.start()` starts the added services (the supergraph watcher); `await gateway.close()`
stops them, then closes every pool and runs the `on_close` callbacks. `await gateway.ready()`
probes subgraphs (`gateway.server.runtime.readiness`) unless another readiness check is given.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

from gateway.execution import ExecutionOptions
from gateway.pipeline import Anonymous, Authenticator, PipelineStages, RequestPipeline
from gateway.planner import QueryPlanner
from gateway.request import NullObserver, Observer
from gateway.server.runtime.pools import TrackedClient, retire_after
from gateway.server.runtime.readiness import SubgraphReadiness
from gateway.server.runtime.sources import SupergraphOrigin
from gateway.supergraph import Supergraph, SupergraphError, load_supergraph
from gateway.traffic import InboundLimits
from gateway.traffic.subgraphs import SubgraphGuard
from gateway.transport import SubgraphHttpClient, SubgraphSubscriptionClient

__all__ = ["Build", "Gateway", "Service", "StagesFor", "gateway_from_sdl", "pipeline_builder"]

logger = logging.getLogger(__name__)

# SDL and the client serving now (reused when the URLs are unchanged) -> the new pipeline and
# its client.  Pure CPU work, safe to run in a worker thread.
Build = Callable[
    [str, SubgraphHttpClient | None], tuple[RequestPipeline, SubgraphHttpClient] | SupergraphError
]
# Stages that depend on the supergraph (limits, authorization) are rebuilt for each one.
StagesFor = Callable[[Supergraph], PipelineStages]

# Closing a retired client that does not count its calls waits this long when no subgraph
# timeout bounds the fetches.
_UNBOUNDED_RETIRE_SECONDS = 300.0


class Service(Protocol):
    """Something that runs alongside the server, such as the supergraph watcher."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Gateway:
    """What the HTTP app serves; `start` and `close` bracket its life."""

    def __init__(
        self,
        *,
        pipeline: RequestPipeline,
        client: SubgraphHttpClient,
        authenticator: Authenticator | None = None,
        observer: Observer | None = None,
        readiness: Callable[[], Awaitable[bool]] | None = None,
        build: Build | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.client = client
        # Where the serving supergraph came from (None: SDL handed over in code).
        self.origin: SupergraphOrigin | None = None
        self.authenticator: Authenticator = authenticator or Anonymous()
        self.observer: Observer = observer or NullObserver()
        # Client rate limits, checked by the server before each operation (None: no limits).
        self.limits: InboundLimits | None = None
        # How the watcher turns new SDL into a pipeline (set by `gateway_from_sdl`).
        self.build = build
        self.probe = SubgraphReadiness(self)
        self._readiness = readiness or self.probe
        self._services: list[Service] = []
        self._closers: list[Callable[[], Awaitable[None]]] = []
        self._swapped: list[Callable[[], None]] = []
        self._retired: list[SubgraphHttpClient] = []
        self._retiring: set[asyncio.Task[None]] = set()
        self._started = False
        self.closing = False

    def add_service(self, service: Service) -> None:
        """`service` starts with the gateway and stops, in reverse order, when it closes."""
        self._services.append(service)

    def on_close(self, callback: Callable[[], Awaitable[None]]) -> None:
        """`callback` runs when the gateway closes, after the pools (last added runs first)."""
        self._closers.append(callback)

    def on_swap(self, callback: Callable[[], None]) -> None:
        """`callback` runs (on the event loop) each time a new supergraph is served."""
        self._swapped.append(callback)

    async def start(self) -> None:
        """Starts the services; the app's lifespan calls it at startup. Idempotent."""
        if self._started:
            return
        self._started = True
        for service in self._services:
            await service.start()

    async def ready(self) -> bool:
        """Whether the gateway can answer: a supergraph is loaded and its subgraphs answer."""
        if self.closing:
            return False
        return await self._readiness()

    def swap(
        self,
        pipeline: RequestPipeline,
        client: SubgraphHttpClient,
        origin: SupergraphOrigin | None = None,
    ) -> None:
        """Serves `pipeline` (whose supergraph came from `origin`) from now on; call it on the
        event loop.

        Requests that already read the old pipeline finish on it.  When `client` is new, the
        old one closes once its calls in flight are done.
        """
        old_client = self.client
        self.pipeline = pipeline
        self.client = client
        self.origin = origin
        if client is not old_client:
            self._retire(old_client, pipeline.options)
        for callback in self._swapped:
            try:
                callback()
            except Exception:
                logger.exception("a callback on the new supergraph failed")

    def _retire(self, client: SubgraphHttpClient, options: ExecutionOptions) -> None:
        self._retired.append(client)
        if isinstance(client, TrackedClient):
            client.retire()
            return
        timeouts = [options.default_timeout, *options.timeouts.values()]
        bounded = [t for t in timeouts if t is not None]
        wait = max(bounded) if len(bounded) == len(timeouts) else _UNBOUNDED_RETIRE_SECONDS
        task = retire_after(client, wait)
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def close(self) -> None:
        """Stops the services, closes every pool, then runs the `on_close` callbacks.

        The server has drained in-flight requests before its lifespan calls this.  Idempotent.
        """
        if self.closing:
            return
        self.closing = True
        for service in reversed(self._services):
            try:
                await service.stop()
            except Exception:
                logger.exception("stopping %r failed", service)
        await self.probe.close()
        for task in list(self._retiring):
            task.cancel()
        clients = [self.client, *self._retired]
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        for client in clients:
            if isinstance(client, TrackedClient):
                await client.drained()
        for callback in reversed(self._closers):
            try:
                await callback()
            except Exception:
                logger.exception("closing %r failed", callback)


def pipeline_builder(
    *,
    options: ExecutionOptions | None = None,
    url_overrides: Mapping[str, str] | None = None,
    stages: PipelineStages | StagesFor | None = None,
    deduplicate: bool = True,
    guard: SubgraphGuard | None = None,
) -> Build:
    """The `Build` for these settings: load the SDL, plan with it, pool per subgraph URL.

    `guard` (circuit breakers, subgraph rate limits, retries) outlives the pools: a reload
    that replaces them keeps each subgraph's breaker state."""
    overrides = dict(url_overrides or {})

    def build(
        sdl: str, current: SubgraphHttpClient | None
    ) -> tuple[RequestPipeline, SubgraphHttpClient] | SupergraphError:
        supergraph = load_supergraph(sdl)
        if isinstance(supergraph, SupergraphError):
            return supergraph
        endpoints = {name: info.url for name, info in supergraph.subgraphs.items()}
        endpoints.update(overrides)
        if current is not None and current.endpoints == endpoints:
            client = current
        else:
            client = TrackedClient(
                endpoints,
                deduplicate=deduplicate,
                guard=guard,
                share_max_age=None if options is None else options.timeout_for,
            )
        planner = QueryPlanner(supergraph)
        pipeline = RequestPipeline(
            supergraph,
            planner,
            client,
            options=options,
            override_labels=planner.override_labels,
            stages=stages(supergraph) if callable(stages) else stages,
            subscriber=SubgraphSubscriptionClient(endpoints),
        )
        return pipeline, client

    return build


def gateway_from_sdl(
    sdl: str,
    *,
    options: ExecutionOptions | None = None,
    url_overrides: Mapping[str, str] | None = None,
    stages: PipelineStages | StagesFor | None = None,
    deduplicate: bool = True,
    guard: SubgraphGuard | None = None,
) -> Gateway | SupergraphError:
    """Loads the supergraph, builds its planner and one HTTP pool per subgraph.

    The gateway keeps the `Build` (as `gateway.build`) so a watcher can load later versions
    with the same settings.
    """
    build = pipeline_builder(
        options=options,
        url_overrides=url_overrides,
        stages=stages,
        deduplicate=deduplicate,
        guard=guard,
    )
    built = build(sdl, None)
    if isinstance(built, SupergraphError):
        return built
    pipeline, client = built
    return Gateway(pipeline=pipeline, client=client, build=build)
