"""The supergraph side of composition: the merged schema, its spec definitions and its printer."""

__all__: list[str] = []
