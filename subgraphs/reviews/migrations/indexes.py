"""Which indexes the reviews collection needs, and why each one exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["COLLECTION", "INDEXES", "RETIRED_INDEXES", "IndexSpec"]

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
    # A course's reviews newest first, the same way.
    IndexSpec(name="course_recent", keys=(("courseId", 1), ("createdAt", -1), ("_id", -1))),
    # A user's written reviews in time order (either direction walks it).
    IndexSpec(name="author_recent", keys=(("authorId", 1), ("createdAt", 1))),
    # One review per author and tutor, and per author and course, enforced by the server so
    # concurrent submits cannot race: a review names one target and holds null for the other,
    # so (author, tutor, null) and (author, null, course) are each unique.
    IndexSpec(
        name="author_target_unique",
        keys=(("authorId", 1), ("tutorId", 1), ("courseId", 1)),
        unique=True,
    ),
)

# Indexes earlier versions created that are dropped once their replacement exists:
# `author_tutor_unique` (authorId, tutorId) would allow an author only one course review, as
# every course review holds a null tutorId; `author_target_unique` replaces it.
RETIRED_INDEXES: Final = ("author_tutor_unique",)
