"""Merging subgraph types into the supergraph, split by kind (see `merger` for the order)."""
