"""Schema checks: what a proposed subgraph change would break for the clients."""
