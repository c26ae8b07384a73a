"""The serving process behind the HTTP surface: a gateway assembled from configuration, its
supergraph sources and hot reload, subgraph pools, readiness and the process's GC settings."""

from gateway.server.runtime.assemble import gateway_from_config
from gateway.server.runtime.gateway import Gateway, gateway_from_sdl

__all__ = ["Gateway", "gateway_from_config", "gateway_from_sdl"]
