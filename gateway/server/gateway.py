"""A running gateway: the current request pipeline and the services that outlive a supergraph.

`pipeline` is swapped whole when a new supergraph loads (a plain attribute assignment, atomic for
the event loop): a request reads it once when it starts and finishes on that pipeline.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from gateway.execution import ExecutionOptions
from gateway.planner import QueryPlanner
from gateway.request import (
    Anonymous,
    Authenticator,
    NullObserver,
    Observer,
    PipelineStages,
    RequestPipeline,
)
from gateway.supergraph import SupergraphError, load_supergraph
from gateway.transport import SubgraphHttpClient

__all__ = ["Gateway", "gateway_from_sdl"]


async def _always_ready() -> bool:
    return True


class Gateway:
    """What the HTTP app serves; `close` releases the subgraph connections."""

    def __init__(
        self,
        *,
        pipeline: RequestPipeline,
        client: SubgraphHttpClient,
        authenticator: Authenticator | None = None,
        observer: Observer | None = None,
        readiness: Callable[[], Awaitable[bool]] = _always_ready,
    ) -> None:
        self.pipeline = pipeline
        self.client = client
        self.authenticator: Authenticator = authenticator or Anonymous()
        self.observer: Observer = observer or NullObserver()
        self._readiness = readiness

    async def ready(self) -> bool:
        """Whether the gateway can answer: a supergraph is loaded and its subgraphs answer."""
        return await self._readiness()

    async def close(self) -> None:
        await self.client.close()


def gateway_from_sdl(
    sdl: str,
    *,
    options: ExecutionOptions | None = None,
    url_overrides: Mapping[str, str] | None = None,
    stages: PipelineStages | None = None,
) -> Gateway | SupergraphError:
    """Loads the supergraph, builds its planner and one HTTP pool per subgraph."""
    supergraph = load_supergraph(sdl)
    if isinstance(supergraph, SupergraphError):
        return supergraph
    endpoints = {name: info.url for name, info in supergraph.subgraphs.items()}
    endpoints.update(url_overrides or {})
    client = SubgraphHttpClient(endpoints)
    planner = QueryPlanner(supergraph)
    pipeline = RequestPipeline(
        supergraph,
        planner,
        client,
        options=options,
        override_labels=planner.override_labels,
        stages=stages,
    )
    return Gateway(pipeline=pipeline, client=client)
