"""Idempotent index setup for the tutors graph, run at startup and before seeding."""

from subgraphs.tutors.migrations.indexes import INDEXES, migrate

__all__ = ["INDEXES", "migrate"]
