"""The root Query fields of the reviews subgraph."""

from __future__ import annotations

import strawberry

from shared.subgraph import described
from subgraphs.reviews.types import Review, ReviewsInfo
from subgraphs.reviews.validation import is_review_id

__all__ = ["Query"]


@strawberry.type
class Query:
    @described.field("The review with this id, or null when there is none.")
    async def review(self, info: ReviewsInfo, id: strawberry.ID) -> Review | None:
        if not is_review_id(id):
            return None
        record = await info.context.loaders.review.load(id)
        return Review.from_record(record) if record is not None else None
