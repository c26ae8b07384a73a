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
    "Target",
]

STARS: Final = (1, 2, 3, 4, 5)
# What a review is about: the document field naming it, a tutor or a course (the other is null).
Target = Literal["tutorId", "courseId"]
# The document field a page of reviews is grouped by: a tutor's, a course's or an author's.
Owner = Literal["tutorId", "courseId", "authorId"]
MAX_COMMENT_LENGTH: Final = 2000


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewRecord:
    """One review as stored: `id` is the document's `_id`; exactly one of `tutor_id` and
    `course_id` is set."""

    id: str
    author_id: str
    rating: int
    comment: str
    created_at: datetime
    tutor_id: str | None = None
    course_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewReview:
    """A validated review about to be inserted (the store assigns nothing): of a tutor or of a
    course, never both."""

    id: str
    author_id: str
    rating: int
    comment: str
    created_at: datetime
    tutor_id: str | None = None
    course_id: str | None = None

    def __post_init__(self) -> None:
        if (self.tutor_id is None) == (self.course_id is None):
            raise ValueError(f"review {self.id} must be about one tutor or one course")

    @property
    def target(self) -> tuple[Target, str]:
        """The document field naming what is reviewed, and its id."""
        if self.course_id is not None:
            return "courseId", self.course_id
        assert self.tutor_id is not None  # __post_init__ made sure
        return "tutorId", self.tutor_id


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
    """A tutor's or a course's rating: `histogram` holds the count per star, always for stars
    1 to 5."""

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
