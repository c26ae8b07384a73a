"""Merging subgraph types into the supergraph, split by kind (see `merger` for the order)."""

__all__: list[str] = []
