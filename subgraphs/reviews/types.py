"""The GraphQL types of the reviews subgraph: Review, its connection, and the entity stubs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from shared.subgraph import described
from shared.subgraph.pagination import DEFAULT_FIRST, Connection, check_first, connection
from subgraphs.reviews.context import Context
from subgraphs.reviews.model import (
    Owner,
    Page,
    PageRequest,
    RatingSummaryData,
    ReviewRecord,
    SortKey,
)
from subgraphs.reviews.validation import (
    REVIEW_CURSORS,
    is_course_id,
    is_review_id,
    is_tutor_id,
    is_user_id,
)

__all__ = [
    "Course",
    "RatingBucket",
    "RatingSummary",
    "Review",
    "Tutor",
    "User",
]

ReviewsInfo = Info[Context, None]


def _key(representation: dict[str, Any]) -> str:
    """The `id` of an entity representation (present and an ID: `_entities` checked it)."""
    return str(representation["id"])


@strawberry.type
class RatingBucket:
    stars: int
    count: int


@strawberry.type(
    description="A tutor's or a course's rating over all its reviews; `average` is null without "
    "any."
)
class RatingSummary:
    average: float | None
    count: int
    histogram: list[RatingBucket]

    @classmethod
    def from_data(cls, data: RatingSummaryData) -> RatingSummary:
        return cls(
            average=data.average,
            count=data.count,
            histogram=[RatingBucket(stars=s, count=n) for s, n in data.histogram],
        )


def _connection(page: Page, after: str | None) -> Connection[Review]:
    return connection(
        page.reviews,
        node=Review.from_record,
        cursor=lambda r: REVIEW_CURSORS.encode(r.created_at, r.id),
        has_next_page=page.has_next_page,
        after=after,
        total_count=page.total_count,
    )


_EMPTY_PAGE = Page(reviews=(), has_next_page=False, total_count=0)
_NO_RATING = RatingSummaryData.from_buckets({})
_VALID_OWNER_ID = {"tutorId": is_tutor_id, "courseId": is_course_id, "authorId": is_user_id}


async def _page(
    info: ReviewsInfo, owner: Owner, owner_id: str, first: int, after: str | None
) -> Connection[Review]:
    check_first(first)
    key = None
    if after is not None:
        created_at, review_id = REVIEW_CURSORS.decode(after)
        key = SortKey(created_at=created_at, id=review_id)
    if not _VALID_OWNER_ID[owner](owner_id):
        return _connection(_EMPTY_PAGE, after)
    request = PageRequest(owner=owner, owner_id=owner_id, first=first, after=key)
    return _connection(await info.context.loaders.page.load(request), after)


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, **representation: Any) -> User:
        # A pure key stub: the fields below batch their own store reads through DataLoaders.
        return cls(id=strawberry.ID(_key(representation)))

    @described.field("Reviews this user wrote, newest first.")
    async def reviews_written(
        self, info: ReviewsInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Review]:
        return await _page(info, "authorId", self.id, first, after)


@strawberry.federation.type(keys=["id"])
class Tutor:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, **representation: Any) -> Tutor:
        # A pure key stub: `reviews` and `rating` batch their store reads through DataLoaders.
        return cls(id=strawberry.ID(_key(representation)))

    @described.field("Reviews of this tutor, newest first.")
    async def reviews(
        self, info: ReviewsInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Review]:
        return await _page(info, "tutorId", self.id, first, after)

    @strawberry.field
    async def rating(self, info: ReviewsInfo) -> RatingSummary:
        if not is_tutor_id(self.id):
            return RatingSummary.from_data(_NO_RATING)
        return RatingSummary.from_data(await info.context.loaders.rating.load(self.id))


@strawberry.federation.type(keys=["id"])
class Course:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, **representation: Any) -> Course:
        # A pure key stub: `reviews` and `rating` batch their store reads through DataLoaders.
        return cls(id=strawberry.ID(_key(representation)))

    @described.field("Reviews of this course, newest first.")
    async def reviews(
        self, info: ReviewsInfo, first: int = DEFAULT_FIRST, after: str | None = None
    ) -> Connection[Review]:
        return await _page(info, "courseId", self.id, first, after)

    @strawberry.field
    async def rating(self, info: ReviewsInfo) -> RatingSummary:
        if not is_course_id(self.id):
            return RatingSummary.from_data(_NO_RATING)
        return RatingSummary.from_data(await info.context.loaders.course_rating.load(self.id))


@strawberry.federation.type(keys=["id"])
class Review:
    id: strawberry.ID
    rating: int = strawberry.field(description="Stars from 1 to 5.")
    comment: str = strawberry.field(description="At most 2000 characters, never blank.")
    created_at: datetime
    author_id: strawberry.Private[str]
    tutor_id: strawberry.Private[str | None]
    course_id: strawberry.Private[str | None]

    @classmethod
    def from_record(cls, record: ReviewRecord) -> Review:
        return cls(
            id=strawberry.ID(record.id),
            rating=record.rating,
            comment=record.comment,
            created_at=record.created_at,
            author_id=record.author_id,
            tutor_id=record.tutor_id,
            course_id=record.course_id,
        )

    @classmethod
    async def resolve_reference(cls, info: ReviewsInfo, **representation: Any) -> Review | None:
        review_id = _key(representation)
        if not is_review_id(review_id):
            return None
        record = await info.context.loaders.review.load(review_id)
        return cls.from_record(record) if record is not None else None

    @strawberry.field
    def author(self) -> User | None:
        return User(id=strawberry.ID(self.author_id))

    @described.field("The tutor reviewed; null when the review is of a course.")
    def tutor(self) -> Tutor | None:
        return Tutor(id=strawberry.ID(self.tutor_id)) if self.tutor_id is not None else None

    @described.field("The course reviewed; null when the review is of a tutor.")
    def course(self) -> Course | None:
        return Course(id=strawberry.ID(self.course_id)) if self.course_id is not None else None
