"""The tutors graph's indexes as data; `TutorStore.migrate` applies them idempotently."""

from subgraphs.tutors.migrations.indexes import INDEXES

__all__ = ["INDEXES"]
