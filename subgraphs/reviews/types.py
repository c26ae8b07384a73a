"""The GraphQL types of the reviews subgraph: Review, its connection, and the entity stubs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from shared.errors import BadUserInput
from shared.subgraph import described
from shared.subgraph.pagination import PageInfo
from subgraphs.reviews.context import Context
from subgraphs.reviews.cursors import decode_cursor, encode_cursor
from subgraphs.reviews.model import (
    Owner,
    Page,
    PageRequest,
    RatingSummaryData,
    ReviewRecord,
    SortKey,
)
from subgraphs.reviews.validation import (
    DEFAULT_PAGE_SIZE,
    check_page_size,
    is_review_id,
    is_tutor_id,
    is_user_id,
)

__all__ = [
    "PageInfo",
    "RatingBucket",
    "RatingSummary",
    "Review",
    "ReviewConnection",
    "ReviewEdge",
    "Tutor",
    "User",
]

ReviewsInfo = Info[Context, None]


def _key(representation: dict[str, Any]) -> str:
    """The `id` of an entity representation; anything else there is the caller's mistake."""
    key = representation.get("id")
    extra = set(representation) - {"id"}
    if not isinstance(key, str) or extra:
        raise BadUserInput("a representation needs exactly one field here: `id`, a string")
    return key


@strawberry.type
class RatingBucket:
    stars: int
    count: int


@strawberry.type(description="A tutor's rating over all reviews; `average` is null without any.")
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


@strawberry.type
class ReviewEdge:
    cursor: str
    node: Review


@strawberry.type
class ReviewConnection:
    edges: list[ReviewEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def from_page(cls, page: Page) -> ReviewConnection:
        edges = [
            ReviewEdge(
                cursor=encode_cursor(SortKey(created_at=r.created_at, id=r.id)),
                node=Review.from_record(r),
            )
            for r in page.reviews
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=page.total_count,
        )


_EMPTY_PAGE = Page(reviews=(), has_next_page=False, total_count=0)


async def _page(
    info: ReviewsInfo, owner: Owner, owner_id: str, first: int, after: str | None
) -> ReviewConnection:
    check_page_size(first)
    key = decode_cursor(after) if after is not None else None
    valid = is_tutor_id(owner_id) if owner == "tutorId" else is_user_id(owner_id)
    if not valid:
        return ReviewConnection.from_page(_EMPTY_PAGE)
    request = PageRequest(owner=owner, owner_id=owner_id, first=first, after=key)
    return ReviewConnection.from_page(await info.context.loaders.page.load(request))


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, **representation: Any) -> User:
        # A pure key stub: the fields below batch their own store reads through DataLoaders.
        return cls(id=strawberry.ID(_key(representation)))

    @described.field("Reviews this user wrote, newest first.")
    async def reviews_written(
        self, info: ReviewsInfo, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> ReviewConnection:
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
        self, info: ReviewsInfo, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> ReviewConnection:
        return await _page(info, "tutorId", self.id, first, after)

    @strawberry.field
    async def rating(self, info: ReviewsInfo) -> RatingSummary:
        if not is_tutor_id(self.id):
            return RatingSummary.from_data(RatingSummaryData.from_buckets({}))
        return RatingSummary.from_data(await info.context.loaders.rating.load(self.id))


@strawberry.federation.type(keys=["id"])
class Review:
    id: strawberry.ID
    rating: int = strawberry.field(description="Stars from 1 to 5.")
    comment: str = strawberry.field(description="At most 2000 characters, never blank.")
    created_at: datetime
    author_id: strawberry.Private[str]
    tutor_id: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: ReviewRecord) -> Review:
        return cls(
            id=strawberry.ID(record.id),
            rating=record.rating,
            comment=record.comment,
            created_at=record.created_at,
            author_id=record.author_id,
            tutor_id=record.tutor_id,
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

    @strawberry.field
    def tutor(self) -> Tutor | None:
        return Tutor(id=strawberry.ID(self.tutor_id))
