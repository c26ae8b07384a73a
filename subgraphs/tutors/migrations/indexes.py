"""The range indexes the tutors graph needs; `TutorStore.migrate` creates those missing."""

from __future__ import annotations

from typing import Final

__all__ = ["INDEXES"]

# Lookups by id (entities, loaders), by owner (one profile per user) and by draft key.
INDEXES: Final = (
    ("Tutor", "id"),
    ("Tutor", "userId"),
    ("Subject", "id"),
    ("Draft", "key"),
)
