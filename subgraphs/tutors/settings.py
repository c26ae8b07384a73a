"""Reads the tutors subgraph's configuration from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Where the graph store is and how to sign in to it."""

    neo4j_url: str
    neo4j_user: str | None = None
    neo4j_password: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("TUTORS_NEO4J_URL", "")
        if not url:
            raise RuntimeError("TUTORS_NEO4J_URL must be set (e.g. bolt://127.0.0.1:7687)")
        return cls(
            neo4j_url=url,
            neo4j_user=os.environ.get("TUTORS_NEO4J_USER") or None,
            neo4j_password=os.environ.get("TUTORS_NEO4J_PASSWORD") or None,
        )
