"""Reads the tutors subgraph's configuration from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from shared.subgraph.timeouts import StoreTimeouts

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Where the graph store is, how to sign in to it and how long to wait for it."""

    neo4j_url: str
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    # TUTORS_NEO4J_CONNECT_TIMEOUT_SECONDS, TUTORS_NEO4J_QUERY_TIMEOUT_SECONDS
    timeouts: StoreTimeouts = field(default_factory=StoreTimeouts)

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("TUTORS_NEO4J_URL", "")
        if not url:
            raise RuntimeError("TUTORS_NEO4J_URL must be set (e.g. bolt://127.0.0.1:7687)")
        return cls(
            neo4j_url=url,
            neo4j_user=os.environ.get("TUTORS_NEO4J_USER") or None,
            neo4j_password=os.environ.get("TUTORS_NEO4J_PASSWORD") or None,
            timeouts=StoreTimeouts.from_env("TUTORS_NEO4J", os.environ),
        )
