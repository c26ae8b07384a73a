"""Which indexes the reviews collection needs, and why each one exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["COLLECTION", "INDEXES", "IndexSpec"]

COLLECTION: Final = "reviews"


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexSpec:
    """One index: named, so creating it again with the same keys is a no-op."""

    name: str
    keys: tuple[tuple[str, int], ...]  # (field, 1 ascending | -1 descending)
    unique: bool = False


INDEXES: Final = (
    # A tutor's reviews newest first, and the cursor's tie-break on _id.
    IndexSpec(name="tutor_recent", keys=(("tutorId", 1), ("createdAt", -1), ("_id", -1))),
    # A user's written reviews in time order (either direction walks it).
    IndexSpec(name="author_recent", keys=(("authorId", 1), ("createdAt", 1))),
    # One review per author and tutor, enforced by the server so concurrent submits cannot race.
    IndexSpec(name="author_tutor_unique", keys=(("authorId", 1), ("tutorId", 1)), unique=True),
)
