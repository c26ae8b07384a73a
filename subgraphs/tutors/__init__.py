"""The tutors subgraph: tutor profiles, the subject skill graph and tutor matching (Neo4j)."""

__all__: list[str] = []
