"""A running gateway for one supergraph: planner, pooled subgraph client and request pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gateway.execution import ExecutionOptions
from gateway.planner import QueryPlanner
from gateway.request import RequestPipeline
from gateway.supergraph import SupergraphError, load_supergraph
from gateway.transport import SubgraphHttpClient

__all__ = ["Gateway", "gateway_from_sdl"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Gateway:
    """What the HTTP app serves; `close` releases the subgraph connections."""

    pipeline: RequestPipeline
    client: SubgraphHttpClient

    async def close(self) -> None:
        await self.client.close()


def gateway_from_sdl(
    sdl: str,
    *,
    options: ExecutionOptions | None = None,
    url_overrides: Mapping[str, str] | None = None,
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
        supergraph, planner, client, options=options, override_labels=planner.override_labels
    )
    return Gateway(pipeline=pipeline, client=client)
