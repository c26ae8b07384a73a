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
    labels = {
        in_graph.override_label
        for type_def in supergraph.types.values()
        for field in type_def.fields.values()
        for in_graph in field.graphs
        if in_graph.override_label
    }
    pipeline = RequestPipeline(
        supergraph, QueryPlanner(supergraph), client, options=options, override_labels=labels
    )
    return Gateway(pipeline=pipeline, client=client)
