"""The subscription bench: N WebSocket subscribers through one gateway process, their events'
delivery latency, the gateway's memory and CPU per subscription, its HTTP throughput meanwhile."""

__all__: list[str] = []
