"""The subgraph side of composition: parsing SDL, reading @link, federation metadata."""

__all__: list[str] = []
