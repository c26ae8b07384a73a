"""The accounts subgraph: users, sign-up and sign-in with JWTs, over PostgreSQL."""

__all__: list[str] = []
