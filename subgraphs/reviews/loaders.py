"""Per-request DataLoaders: every entity and per-owner field is fetched in batches through these."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from shared.subgraph.loaders import batched, grouped
from subgraphs.reviews.model import (
    Owner,
    Page,
    PageRequest,
    RatingSummaryData,
    ReviewRecord,
    SortKey,
)
from subgraphs.reviews.store import ReviewStore

__all__ = ["Loaders"]

_PageArguments = tuple[Owner, int, SortKey | None]
_NO_REVIEWS = Page(reviews=(), has_next_page=False, total_count=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Loaders:
    """One set per request, so nothing cached outlives the request that read it."""

    review: DataLoader[str, ReviewRecord | None]
    page: DataLoader[PageRequest, Page]
    rating: DataLoader[str, RatingSummaryData]  # by tutor id
    course_rating: DataLoader[str, RatingSummaryData]

    @classmethod
    def for_store(cls, store: ReviewStore) -> Loaders:
        # Owners asking for the same (first, after) share one aggregation; different
        # arguments (rare within one request) each cost one more, run concurrently.
        def split(request: PageRequest) -> tuple[_PageArguments, str]:
            return (request.owner, request.first, request.after), request.owner_id

        async def pages(
            group: tuple[Owner, int, SortKey | None], ids: list[str]
        ) -> dict[str, Page]:
            owner, first, after = group
            return await store.pages(owner, ids, first, after)

        async def course_ratings(ids: list[str]) -> dict[str, RatingSummaryData]:
            return await store.rating_summaries(ids, "courseId")

        no_rating = RatingSummaryData.from_buckets({})
        return cls(
            review=batched(store.reviews_by_id, missing=None),
            page=grouped(pages, split=split, missing=_NO_REVIEWS),
            rating=batched(store.rating_summaries, missing=no_rating),
            course_rating=batched(course_ratings, missing=no_rating),
        )
