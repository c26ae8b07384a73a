"""The benchmark scenario's four subgraphs (and a two-subgraph scale scenario), served from memo."""

__all__: list[str] = []
