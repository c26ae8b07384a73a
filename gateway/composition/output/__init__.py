"""Composition's output: the merged schema, the spec definitions it links and its SDL printer."""

__all__: list[str] = []
