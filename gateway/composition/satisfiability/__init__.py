"""Satisfiability: can every field of the supergraph API be reached through the subgraphs?"""

__all__: list[str] = []
