"""The reviews domain as plain data: stored reviews, pages of them and rating summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

__all__ = [
    "MAX_COMMENT_LENGTH",
    "STARS",
    "NewReview",
    "Owner",
    "Page",
    "PageRequest",
    "RatingSummaryData",
    "ReviewRecord",
    "SortKey",
]

STARS: Final = (1, 2, 3, 4, 5)
# The document field a page of reviews is grouped by: a tutor's reviews or an author's.
Owner = Literal["tutorId", "authorId"]
MAX_COMMENT_LENGTH: Final = 2000


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewRecord:
    """One review as stored: `id` is the document's `_id`."""

    id: str
    tutor_id: str
    author_id: str
    rating: int
    comment: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewReview:
    """A validated review about to be inserted (the store assigns nothing)."""

    id: str
    tutor_id: str
    author_id: str
    rating: int
    comment: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SortKey:
    """Where a page starts: reviews strictly older than this (createdAt, id) come next."""

    created_at: datetime
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PageRequest:
    """One page of one owner's reviews, newest first; `owner` says which field groups them."""

    owner: Owner
    owner_id: str
    first: int
    after: SortKey | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """A page of reviews, whether more follow, and how many the owner has in all."""

    reviews: tuple[ReviewRecord, ...]
    has_next_page: bool
    total_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RatingSummaryData:
    """A tutor's rating: `histogram` holds the count per star, always for stars 1 to 5."""

    count: int
    average: float | None
    histogram: tuple[tuple[int, int], ...]

    @classmethod
    def from_buckets(
        cls, counts: Mapping[int, int], *, count: int = 0, average: float | None = None
    ) -> RatingSummaryData:
        """Fills the stars nobody gave with zero; no reviews means no average."""
        histogram = tuple((stars, counts.get(stars, 0)) for stars in STARS)
        return cls(count=count, average=average if count else None, histogram=histogram)
