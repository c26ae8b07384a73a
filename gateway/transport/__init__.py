"""Transport to subgraphs: the pooled HTTP client that production plugs into the executor."""

from gateway.transport.aiohttp_client import SubgraphHttpClient

__all__ = ["SubgraphHttpClient"]
