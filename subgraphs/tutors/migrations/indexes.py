"""The range indexes the tutors graph needs, created only where missing."""

from __future__ import annotations

from typing import Final

from subgraphs.tutors.store import TutorStore

__all__ = ["INDEXES", "migrate"]

# Lookups by id (entities, loaders), by owner (one profile per user) and by draft key.
INDEXES: Final = (
    ("Tutor", "id"),
    ("Tutor", "userId"),
    ("Subject", "id"),
    ("Draft", "key"),
)


async def migrate(store: TutorStore) -> None:
    """Create every index in INDEXES that does not exist yet; safe to run any number of times."""
    for label, prop in INDEXES:
        await store.ensure_index(label, prop)
