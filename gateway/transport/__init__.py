"""Transport to subgraphs: the pooled HTTP client that production plugs into the executor, and
the WebSocket client that opens subscriptions."""

from gateway.transport.subgraph_client import SubgraphHttpClient
from gateway.transport.websocket import SubgraphSubscriptionClient

__all__ = ["SubgraphHttpClient", "SubgraphSubscriptionClient"]
