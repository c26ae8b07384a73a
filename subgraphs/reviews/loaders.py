"""Per-request DataLoaders: every entity and per-owner field is fetched in batches through these."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Loaders:
    """One set per request, so nothing cached outlives the request that read it."""

    review: DataLoader[str, ReviewRecord | None]
    page: DataLoader[PageRequest, Page]
    rating: DataLoader[str, RatingSummaryData]

    @classmethod
    def for_store(cls, store: ReviewStore) -> Loaders:
        async def load_reviews(ids: Sequence[str]) -> list[ReviewRecord | None]:
            found = await store.reviews_by_id(ids)
            return [found.get(review_id) for review_id in ids]

        async def load_pages(requests: Sequence[PageRequest]) -> list[Page]:
            # Owners asking for the same (first, after) share one aggregation; different
            # arguments (rare within one request) each cost one more, run concurrently.
            groups: dict[tuple[Owner, int, SortKey | None], list[str]] = {}
            for request in requests:
                group = groups.setdefault((request.owner, request.first, request.after), [])
                if request.owner_id not in group:
                    group.append(request.owner_id)
            results = await asyncio.gather(
                *(
                    store.pages(owner, owner_ids, first, after)
                    for (owner, first, after), owner_ids in groups.items()
                )
            )
            by_group = dict(zip(groups, results, strict=True))
            return [by_group[(r.owner, r.first, r.after)][r.owner_id] for r in requests]

        async def load_ratings(tutor_ids: Sequence[str]) -> list[RatingSummaryData]:
            found = await store.rating_summaries(tutor_ids)
            return [found[tutor_id] for tutor_id in tutor_ids]

        return cls(
            review=DataLoader(load_fn=load_reviews),
            page=DataLoader(load_fn=load_pages),
            rating=DataLoader(load_fn=load_ratings),
        )
