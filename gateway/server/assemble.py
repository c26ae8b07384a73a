"""Builds a `Gateway` from a `GatewayConfig`: every stage the configuration asks for."""

from __future__ import annotations

from pathlib import Path

from gateway.config import GatewayConfig
from gateway.execution import ExecutionOptions
from gateway.request import PipelineStages
from gateway.server.gateway import Gateway, gateway_from_sdl
from gateway.supergraph import SupergraphError

__all__ = ["gateway_from_config"]


def gateway_from_config(
    config: GatewayConfig, *, sdl: str | None = None
) -> Gateway | SupergraphError:
    """The gateway for `sdl`, or for the configured supergraph file when `sdl` is None.

    Raises `OSError` when the supergraph file cannot be read.
    """
    if sdl is None:
        if config.supergraph.file is None:
            return SupergraphError("No supergraph: set supergraph.file (or --supergraph).")
        sdl = Path(config.supergraph.file).read_text(encoding="utf-8")
    subgraphs = config.subgraphs
    options = ExecutionOptions(
        default_timeout=subgraphs.timeout_seconds, timeouts=dict(subgraphs.timeouts)
    )
    stages = PipelineStages(
        introspection=config.introspection_enabled,
        expose_query_plan=config.query_plan_exposed,
    )
    return gateway_from_sdl(sdl, options=options, url_overrides=subgraphs.urls, stages=stages)
